//! Table schemas: columns, their Backendless data types and constraints (data.md §9, management.md §2.1).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Name of the Users table, a system table of every app (its rules are the users service's).
pub const USERS: &str = "Users";
/// The write-only password property of the Users table.
pub const PASSWORD: &str = "password";

/// A Backendless column data type, spelled as the API and console spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DataType {
    /// objectId column.
    StringId,
    /// Up to 500 characters by default.
    String,
    /// Long text.
    Text,
    /// Extended string.
    ExtendedString,
    /// 64-bit integer.
    Int,
    /// Double precision number.
    Double,
    /// Fixed-point number (kept as a double).
    Decimal,
    /// `true` / `false`.
    Boolean,
    /// Epoch milliseconds.
    Datetime,
    /// Any JSON document.
    Json,
    /// Number assigned on insert, increasing per table.
    AutoIncrement,
    /// Relation to another table.
    DataRef,
    /// Legacy geo relation (stored as given).
    GeoRef,
    /// File reference (stored as given).
    FileRef,
    /// Spatial point (GeoJSON).
    Point,
    /// Spatial line string (GeoJSON).
    Linestring,
    /// Spatial polygon (GeoJSON).
    Polygon,
    /// Any spatial value (GeoJSON).
    Geometry,
    /// Console-internal type.
    Unknown,
}

impl DataType {
    /// Parse a type name the way the console and the API spell it (case-insensitive).
    pub fn parse(name: &str) -> Option<DataType> {
        serde_json::from_value(Value::String(name.to_ascii_uppercase()))
            .ok()
            .or(match name.to_ascii_uppercase().as_str() {
                "LINE_STRING" => Some(DataType::Linestring),
                "AUTONUMBER" | "AUTO_NUMBER" => Some(DataType::AutoIncrement),
                "RELATION" => Some(DataType::DataRef),
                _ => None,
            })
    }

    /// The type name as the API returns it.
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::StringId => "STRING_ID",
            DataType::String => "STRING",
            DataType::Text => "TEXT",
            DataType::ExtendedString => "EXTENDED_STRING",
            DataType::Int => "INT",
            DataType::Double => "DOUBLE",
            DataType::Decimal => "DECIMAL",
            DataType::Boolean => "BOOLEAN",
            DataType::Datetime => "DATETIME",
            DataType::Json => "JSON",
            DataType::AutoIncrement => "AUTO_INCREMENT",
            DataType::DataRef => "DATA_REF",
            DataType::GeoRef => "GEO_REF",
            DataType::FileRef => "FILE_REF",
            DataType::Point => "POINT",
            DataType::Linestring => "LINESTRING",
            DataType::Polygon => "POLYGON",
            DataType::Geometry => "GEOMETRY",
            DataType::Unknown => "UNKNOWN",
        }
    }

    /// The type dynamic schema gives a column first seen with `value` (data.md §2.1).
    pub fn infer(value: &Value) -> Option<DataType> {
        match value {
            Value::Null => None,
            Value::Bool(_) => Some(DataType::Boolean),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(DataType::Int),
            Value::Number(_) => Some(DataType::Double),
            Value::String(_) => Some(DataType::String),
            Value::Object(o) if o.contains_key("type") && o.contains_key("coordinates") => {
                match o.get("type").and_then(Value::as_str) {
                    Some("Point") => Some(DataType::Point),
                    Some("LineString") => Some(DataType::Linestring),
                    Some("Polygon") => Some(DataType::Polygon),
                    _ => Some(DataType::Geometry),
                }
            }
            Value::Object(_) | Value::Array(_) => Some(DataType::Json),
        }
    }
}

/// Cardinality of a relation column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Cardinality {
    /// 1:1.
    OneToOne,
    /// 1:N.
    OneToMany,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Column name (case-sensitive).
    pub name: String,
    /// Stable id, as the console shows it.
    pub column_id: String,
    /// Data type.
    pub data_type: DataType,
    /// NOT NULL.
    #[serde(default)]
    pub required: bool,
    /// UNIQUE.
    #[serde(default)]
    pub unique: bool,
    /// Value used when a new object omits the column.
    #[serde(default)]
    pub default_value: Value,
    /// Maximum length of string values.
    #[serde(default)]
    pub data_size: Option<u32>,
    /// Target table of a relation column.
    #[serde(default)]
    pub related_table: Option<String>,
    /// Cardinality of a relation column.
    #[serde(default)]
    pub cardinality: Option<Cardinality>,
    /// Whether the relation loads with its parent.
    #[serde(default)]
    pub auto_load: bool,
    /// Validation regex.
    #[serde(default)]
    pub custom_regex: Option<String>,
    /// Formula of a calculated column.
    #[serde(default)]
    pub expression: Option<String>,
    /// Server-managed system column (objectId, ownerId, created, updated).
    #[serde(default)]
    pub system: bool,
    /// The Users identity column.
    #[serde(default)]
    pub identity: bool,
}

impl Column {
    /// A plain user column.
    pub fn new(name: &str, data_type: DataType, column_id: String) -> Self {
        Column {
            name: name.to_string(),
            column_id,
            data_type,
            required: false,
            unique: false,
            default_value: Value::Null,
            data_size: (data_type == DataType::String).then_some(500),
            related_table: None,
            cardinality: None,
            auto_load: false,
            custom_regex: None,
            expression: None,
            system: false,
            identity: false,
        }
    }

    /// Whether this column is a relation.
    pub fn is_relation(&self) -> bool {
        self.data_type == DataType::DataRef
    }

    /// The descriptor `GET /data/T/properties` returns (data.md §8: exactly these keys).
    pub fn to_property(&self) -> Value {
        json!({
            "name": self.name,
            "required": self.required,
            "type": self.data_type.as_str(),
            "defaultValue": self.default_value,
            "expression": self.expression,
            "relatedTable": self.related_table,
            "customRegex": self.custom_regex,
            "autoLoad": self.auto_load,
            "isPrimaryKey": self.name == OBJECT_ID,
        })
    }
}

/// The objectId column.
pub const OBJECT_ID: &str = "objectId";
/// The ownerId column.
pub const OWNER_ID: &str = "ownerId";
/// The created column.
pub const CREATED: &str = "created";
/// The updated column.
pub const UPDATED: &str = "updated";
/// The pseudo-property naming an object's table.
pub const CLASS: &str = "___class";

/// Whether `name` is a column the server alone sets.
pub fn is_system_column(name: &str) -> bool {
    matches!(name, OBJECT_ID | OWNER_ID | CREATED | UPDATED)
}
