//! Turning client JSON values into stored values of a column's type (data.md §2.1, §9).

use serde_json::{Map, Number, Value};

use super::schema::{Column, DataType};
use crate::error::{ApiError, Code};

/// Convert `value` to what `column` stores, or explain why it cannot be.
pub fn coerce(column: &Column, value: Value) -> Result<Value, ApiError> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let bad = || invalid_type(&column.name);
    match column.data_type {
        DataType::Int | DataType::AutoIncrement => match &value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(value),
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                .map(|f| Value::from(f as i64))
                .ok_or_else(bad),
            Value::String(s) => s.trim().parse::<i64>().map(Value::from).map_err(|_| bad()),
            Value::Bool(b) => Ok(Value::from(i64::from(*b))),
            _ => Err(bad()),
        },
        DataType::Double | DataType::Decimal => match &value {
            Value::Number(_) => Ok(value),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(bad),
            _ => Err(bad()),
        },
        DataType::Boolean => match &value {
            Value::Bool(_) => Ok(value),
            Value::Number(n) => Ok(Value::Bool(n.as_f64() != Some(0.0))),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(Value::Bool(true)),
                "false" | "0" => Ok(Value::Bool(false)),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        },
        DataType::Datetime => match &value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map(Value::from)
                .ok_or_else(bad),
            Value::String(s) => parse_date(s).map(Value::from).ok_or_else(|| {
                ApiError::new(
                    Code::INVALID_DATE_FORMAT,
                    format!("Invalid date format for property {}", column.name),
                )
            }),
            _ => Err(bad()),
        },
        DataType::String
        | DataType::Text
        | DataType::ExtendedString
        | DataType::StringId
        | DataType::FileRef => match value {
            Value::String(s) => {
                if let Some(max) = column.data_size {
                    if s.chars().count() > max as usize {
                        return Err(ApiError::new(
                                Code::INVALID_PROPERTY_TYPE,
                                format!(
                                    "Unable to save object - value of property {} is longer than {max} characters.",
                                    column.name
                                ),
                            ));
                    }
                }
                Ok(Value::String(s))
            }
            Value::Number(n) => Ok(Value::String(n.to_string())),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            _ => Err(bad()),
        },
        DataType::Json => Ok(value),
        DataType::Point | DataType::Linestring | DataType::Polygon | DataType::Geometry => {
            match value {
                Value::Object(o) => Ok(Value::Object(geometry(o))),
                Value::String(wkt) => Ok(point_from_wkt(&wkt)
                    .map(|o| Value::Object(geometry(o)))
                    .unwrap_or(Value::String(wkt))),
                _ => Err(bad()),
            }
        }
        DataType::DataRef | DataType::GeoRef | DataType::Unknown => Ok(value),
    }
}

/// A GeoJSON geometry as Backendless returns it: plus `srsId` 4326 and the SDK class name
/// (data.md §0.2 "Geometry values").
fn geometry(mut o: Map<String, Value>) -> Map<String, Value> {
    let class = match o.get("type").and_then(Value::as_str) {
        Some("Point") => "com.backendless.persistence.Point",
        Some("LineString") => "com.backendless.persistence.LineString",
        Some("Polygon") => "com.backendless.persistence.Polygon",
        _ => "com.backendless.persistence.Geometry",
    };
    o.entry("srsId").or_insert(Value::from(4326));
    o.insert("___class".into(), Value::from(class));
    o
}

/// `POINT (x y)` as GeoJSON (other WKT shapes are kept as the text given).
fn point_from_wkt(wkt: &str) -> Option<Map<String, Value>> {
    let t = wkt.trim();
    if !t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("POINT")) {
        return None;
    }
    let inner = t.get(5..)?.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut nums = inner.split_whitespace().map(str::parse::<f64>);
    let (Some(Ok(x)), Some(Ok(y)), None) = (nums.next(), nums.next(), nums.next()) else {
        return None;
    };
    let mut o = Map::new();
    o.insert("type".into(), Value::from("Point"));
    o.insert("coordinates".into(), serde_json::json!([x, y]));
    Some(o)
}

/// 1007: the value does not fit the column type (message verbatim from the JS e2e suite).
pub fn invalid_type(property: &str) -> ApiError {
    ApiError::new(
        Code::INVALID_PROPERTY_TYPE,
        format!(
            "Unable to save object - invalid data type for properties - {property}. You can change the property type in developer console."
        ),
    )
}

/// Parse a date string as Backendless accepts it: every format the where-clause language
/// accepts (`query::dates`, so a value that can be queried can be saved), then RFC 2822 and
/// the common `MM/dd/yyyy HH:mm:ss` / `yyyy-MM-dd HH:mm:ss` forms (UTC when no zone is given).
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(ms) = crate::query::dates::parse_date(t) {
        return Some(ms);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(t) {
        return Some(dt.timestamp_millis());
    }
    const ZONED: [&str; 3] = [
        "%m/%d/%Y %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    for f in ZONED {
        if let Ok(dt) = chrono::DateTime::parse_from_str(t, f) {
            return Some(dt.timestamp_millis());
        }
    }
    const NAIVE: [&str; 6] = [
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
    ];
    for f in NAIVE {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(t, f) {
            return Some(dt.and_utc().timestamp_millis());
        }
    }
    for f in ["%m/%d/%Y", "%Y-%m-%d"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(t, f) {
            return d
                .and_hms_opt(0, 0, 0)
                .map(|dt| dt.and_utc().timestamp_millis());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(t: DataType) -> Column {
        Column::new("price", t, "C".into())
    }

    #[test]
    fn numbers_and_numeric_strings_fit_number_columns() {
        assert_eq!(
            coerce(&col(DataType::Int), json!("12")).expect("int"),
            json!(12)
        );
        assert_eq!(
            coerce(&col(DataType::Int), json!(3.0)).expect("int"),
            json!(3)
        );
        assert_eq!(
            coerce(&col(DataType::Double), json!("1.5")).expect("double"),
            json!(1.5)
        );
        assert_eq!(
            coerce(&col(DataType::Int), json!("abc"))
                .expect_err("bad")
                .code,
            1007
        );
        assert_eq!(
            coerce(&col(DataType::Boolean), json!("TRUE")).expect("bool"),
            json!(true)
        );
    }

    #[test]
    fn dates_accept_ms_and_strings() {
        assert_eq!(
            coerce(&col(DataType::Datetime), json!(5)).expect("ms"),
            json!(5)
        );
        assert_eq!(parse_date("2026-01-01T00:00:00Z"), Some(1_767_225_600_000));
        assert_eq!(parse_date("01/01/2026 00:00:00"), Some(1_767_225_600_000));
        assert_eq!(
            parse_date("03.23.2015"),
            crate::query::dates::parse_date("03.23.2015"),
            "what a where clause accepts can be saved"
        );
        assert!(parse_date("03.23.2015").is_some());
        assert_eq!(
            coerce(&col(DataType::Datetime), json!("soon"))
                .expect_err("bad")
                .code,
            8003
        );
    }

    #[test]
    fn strings_longer_than_data_size_are_refused() {
        let c = col(DataType::String);
        assert!(coerce(&c, json!("x".repeat(500))).is_ok());
        assert_eq!(
            coerce(&c, json!("x".repeat(501))).expect_err("long").code,
            1007
        );
    }
}
