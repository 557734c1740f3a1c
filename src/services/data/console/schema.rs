//! Schema changes the console makes (management.md §2 T1-T4, K1-K5, §2.1 table object):
//! tables with typed columns, 1:1 / 1:N relation columns and geo relations, over [`Tables`].

use serde_json::Value;

pub use super::shape::{column_json, relation_json, table_json, tables_json};

use crate::error::{ApiError, Code};
use crate::ids::IdGen;
use crate::services::data::errors;
use crate::services::data::schema::USERS;
use crate::services::data::schema::{is_system_column, Cardinality, Column, DataType};
use crate::services::data::store::Tables;
use crate::services::data::table::{related_ids, Cell};
use crate::services::data::values::coerce;

fn text<'v>(body: &'v Value, key: &str) -> Option<&'v str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// T2: a new table, with the optional `columns` of the body.
pub fn create_table(t: &mut Tables, body: &Value, ids: &IdGen) -> Result<String, ApiError> {
    let name = text(body, "name").ok_or_else(|| ApiError::missing_field("name"))?;
    t.create_table(name, ids)?;
    if let Some(columns) = body.get("columns").and_then(Value::as_array) {
        for c in columns {
            add_column(t, name, c, ColumnKind::Primitive, ids)?;
        }
    }
    Ok(name.to_string())
}

/// T3: rename a table (Users cannot be renamed: 2000).
pub fn update_table(t: &mut Tables, table: &str, body: &Value) -> Result<String, ApiError> {
    t.table(table)?;
    match text(body, "name") {
        Some(new) if new != table => {
            if table == USERS {
                return Err(ApiError::templated(Code::OPERATION_NOT_ALLOWED, &[]));
            }
            t.rename_table(table, new)?;
            Ok(new.to_string())
        }
        _ => Ok(table.to_string()),
    }
}

/// T4: remove a table (Users cannot be removed: 2000).
pub fn remove_table(t: &mut Tables, table: &str) -> Result<(), ApiError> {
    if table == USERS {
        return Err(ApiError::templated(Code::OPERATION_NOT_ALLOWED, &[]));
    }
    t.drop_table(table).map(|_| ())
}

/// Which console route a column comes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// `/columns`.
    Primitive,
    /// `/columns/relation`.
    Relation,
    /// `/columns/georelation`.
    GeoRelation,
}

/// K1-K3: add a column from a console definition.
pub fn add_column(
    t: &mut Tables,
    table: &str,
    def: &Value,
    kind: ColumnKind,
    ids: &IdGen,
) -> Result<Column, ApiError> {
    let name = text(def, "name").ok_or_else(|| ApiError::missing_field("name"))?;
    errors::check_column_name(name)?;
    if is_system_column(name) {
        return Err(ApiError::templated(Code::SYSTEM_COLUMN_PROHIBITED, &[name]));
    }
    let tb = t.table(table)?;
    if tb.column(name).is_some() {
        return Err(ApiError::templated(Code::COLUMN_EXISTS, &[name]));
    }
    let data_type = match kind {
        ColumnKind::Relation => DataType::DataRef,
        ColumnKind::GeoRelation => DataType::GeoRef,
        ColumnKind::Primitive => parse_type(def)?,
    };
    let mut column = Column::new(name, data_type, ids.guid());
    if data_type == DataType::DataRef {
        let to = text(def, "toTableName")
            .or_else(|| text(def, "relatedTable"))
            .map(str::to_string)
            .or_else(|| {
                text(def, "toTableId").and_then(|id| t.by_table_id(id).map(|x| x.name.clone()))
            })
            .ok_or_else(|| ApiError::missing_field("toTableName"))?;
        if !t.contains(&to) {
            return Err(ApiError::templated(Code::RELATED_TABLE_MISSING, &[&to]));
        }
        column.related_table = Some(to);
        column.cardinality = Some(parse_cardinality(def)?);
    }
    apply_options(&mut column, def)?;
    let tb = t.table(table)?;
    if column.required && column.default_value.is_null() && !column.is_relation() && !tb.is_empty()
    {
        return Err(ApiError::templated(Code::COLUMN_EMPTY, &[name]));
    }
    t.add_column(table, column.clone())?;
    fill_default(t, table, &column)?;
    Ok(column)
}

/// Existing rows read a new column's default value.
fn fill_default(t: &mut Tables, table: &str, column: &Column) -> Result<(), ApiError> {
    if column.default_value.is_null() {
        return Ok(());
    }
    let tb = t.table_mut(table)?;
    let Some(index) = tb.column_index(&column.name) else {
        return Ok(());
    };
    tb.update_rows(|row| {
        if row.at(index).is_null() {
            row.set(index, column.default_value.clone());
        }
    });
    Ok(())
}

fn parse_type(def: &Value) -> Result<DataType, ApiError> {
    let name = text(def, "dataType")
        .or_else(|| text(def, "type"))
        .ok_or_else(|| ApiError::missing_field("dataType"))?;
    DataType::parse(name)
        .filter(|t| !matches!(t, DataType::StringId | DataType::DataRef | DataType::GeoRef))
        .ok_or_else(|| {
            ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &[&format!("unknown column data type {name}")],
            )
        })
}

fn parse_cardinality(def: &Value) -> Result<Cardinality, ApiError> {
    match text(def, "relationshipType").or_else(|| text(def, "cardinality")) {
        None => Ok(Cardinality::OneToOne),
        Some(s) if s.eq_ignore_ascii_case("ONE_TO_ONE") => Ok(Cardinality::OneToOne),
        Some(s) if s.eq_ignore_ascii_case("ONE_TO_MANY") => Ok(Cardinality::OneToMany),
        Some(s) => Err(ApiError::templated(
            Code::UNPARSABLE_REQUEST,
            &[&format!("unknown relationshipType {s}")],
        )),
    }
}

/// Options every column kind accepts: required, unique, defaultValue, dataSize, customRegex,
/// autoLoad, expression.
fn apply_options(column: &mut Column, def: &Value) -> Result<(), ApiError> {
    let flag = |k: &str| def.get(k).and_then(Value::as_bool);
    if let Some(v) = flag("required") {
        column.required = v;
    }
    if let Some(v) = flag("unique") {
        column.unique = v;
    }
    if let Some(v) = flag("autoLoad") {
        column.auto_load = v;
    }
    if let Some(size) = def.get("dataSize") {
        column.data_size = match size {
            Value::Null => None,
            v => Some(
                v.as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        ApiError::templated(
                            Code::UNPARSABLE_REQUEST,
                            &["dataSize must be a number"],
                        )
                    })?,
            ),
        };
    }
    if let Some(regex) = def.get("customRegex") {
        column.custom_regex = regex.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    }
    if let Some(expression) = def.get("expression") {
        column.expression = expression.as_str().map(str::to_string);
    }
    if let Some(default) = def.get("defaultValue") {
        column.default_value = if default.is_null() || column.is_relation() {
            Value::Null
        } else {
            coerce(column, default.clone())?
        };
    }
    Ok(())
}

/// K4: change a column (rename, type, constraints); `prev` is its current name.
pub fn update_column(
    t: &mut Tables,
    table: &str,
    prev: &str,
    def: &Value,
) -> Result<Column, ApiError> {
    if is_system_column(prev) {
        return Err(ApiError::templated(Code::SYSTEM_COLUMN_PROHIBITED, &[prev]));
    }
    let tb = t.table(table)?;
    let index = tb
        .column_index(prev)
        .ok_or_else(|| ApiError::templated(Code::PROPERTY_NOT_FOUND, &[prev]))?;
    let mut column = tb.columns[index].clone();
    let new_name = text(def, "name").unwrap_or(prev).to_string();
    if new_name != prev {
        errors::check_column_name(&new_name)?;
        if tb.column(&new_name).is_some() {
            return Err(ApiError::templated(Code::COLUMN_EXISTS, &[&new_name]));
        }
    }
    if let Some(ty) = text(def, "dataType") {
        let ty = DataType::parse(ty).ok_or_else(|| {
            ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &[&format!("unknown column data type {ty}")],
            )
        })?;
        if ty != column.data_type && (column.is_relation() || ty == DataType::DataRef) {
            return Err(ApiError::templated(Code::COLUMN_TYPE_LOSES_DATA, &[prev]));
        }
        column.data_type = ty;
    }
    if column.is_relation() && def.get("relationshipType").is_some() {
        column.cardinality = Some(parse_cardinality(def)?);
    }
    apply_options(&mut column, def)?;
    let mut values: Vec<(String, Value)> = Vec::new();
    let mut seen: Vec<&Cell> = Vec::new();
    for row in tb.rows() {
        let cell = row.at(index);
        let v = &cell.to_value();
        let converted = convert_cell(&column, v)
            .ok_or_else(|| ApiError::templated(Code::COLUMN_TYPE_LOSES_DATA, &[prev]))?;
        if column.required && converted.is_null() && !column.is_relation() {
            return Err(ApiError::templated(Code::COLUMN_EMPTY, &[prev]));
        }
        if column.unique && !v.is_null() {
            if seen.contains(&cell) {
                return Err(ApiError::templated(Code::DUPLICATE_COLUMN_ENTRY, &[prev]));
            }
            seen.push(cell);
        }
        if &converted != v {
            values.push((tb.object_id(row).to_string(), converted));
        }
    }
    column.name = new_name.clone();
    let tm = t.table_mut(table)?;
    tm.columns[index] = column.clone();
    tm.reindex();
    for (id, value) in values {
        if let Some(row) = tm.row_mut(&id) {
            row.set(index, value);
        }
    }
    Ok(column)
}

/// A stored value converted to a changed column; `None` when it cannot be (1164).
fn convert_cell(column: &Column, v: &Value) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    if column.is_relation() {
        let cell = Cell::from(v.clone());
        let ids = related_ids(&cell);
        return match column.cardinality {
            Some(Cardinality::OneToMany) => Some(Value::Array(
                ids.into_iter()
                    .map(|s| Value::from(s.to_string()))
                    .collect(),
            )),
            _ if ids.len() > 1 => None,
            _ => Some(
                ids.first()
                    .map_or(Value::Null, |s| Value::from(s.to_string())),
            ),
        };
    }
    coerce(column, v.clone()).ok()
}

/// K5: remove a column and its values (system columns: 1163).
pub fn delete_column(t: &mut Tables, table: &str, name: &str) -> Result<(), ApiError> {
    if is_system_column(name) {
        return Err(ApiError::templated(Code::SYSTEM_COLUMN_PROHIBITED, &[name]));
    }
    let tb = t.table_mut(table)?;
    tb.remove_column(name)
        .map(|_| ())
        .ok_or_else(|| ApiError::templated(Code::PROPERTY_NOT_FOUND, &[name]))
}

/// The column a relation/georelation update route addresses: by `columnId`, else by `name`.
pub fn column_named_in(
    t: &Tables,
    table: &str,
    def: &Value,
    ty: DataType,
) -> Result<String, ApiError> {
    let tb = t.table(table)?;
    let by_id = text(def, "columnId").and_then(|id| tb.columns.iter().find(|c| c.column_id == id));
    let by_name = text(def, "name").and_then(|n| tb.column(n));
    by_id
        .or(by_name)
        .filter(|c| c.data_type == ty)
        .map(|c| c.name.clone())
        .ok_or_else(|| ApiError::missing_field("columnId"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn console_builds_a_schema_with_typed_columns_and_relations() {
        let ids = IdGen::seeded(5);
        let mut t = Tables::default();
        create_table(&mut t, &json!({"name": "Child"}), &ids).expect("child");
        create_table(
            &mut t,
            &json!({"name": "Parent", "columns": [{"name": "title", "dataType": "STRING", "dataSize": 50}]}),
            &ids,
        )
        .expect("parent");
        let age = json!({"name": "age", "dataType": "INT", "required": true, "defaultValue": 3});
        add_column(&mut t, "Parent", &age, ColumnKind::Primitive, &ids).expect("age");
        let rel = json!({"name": "kids", "dataType": "DATA_REF", "toTableName": "Child", "relationshipType": "ONE_TO_MANY"});
        add_column(&mut t, "Parent", &rel, ColumnKind::Relation, &ids).expect("kids");
        assert_eq!(
            add_column(&mut t, "Parent", &age, ColumnKind::Primitive, &ids)
                .expect_err("dup")
                .code,
            1152
        );
        let parent = t.table("Parent").expect("parent");
        let j = table_json(&t, parent);
        assert_eq!(j["relations"][0]["toTableName"], "Child");
        assert_eq!(j["relations"][0]["relationshipType"], "ONE_TO_MANY");
        assert!(j["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .any(|c| c["name"] == "title" && c["dataSize"] == 50));
        let child = table_json(&t, t.table("Child").expect("child"));
        assert_eq!(child["parentRelations"][0]["fromTableName"], "Parent");
        update_column(
            &mut t,
            "Parent",
            "age",
            &json!({"name": "years", "dataType": "DOUBLE"}),
        )
        .expect("renamed");
        assert!(t.table("Parent").expect("p").column("years").is_some());
        assert_eq!(
            delete_column(&mut t, "Parent", "objectId")
                .expect_err("system")
                .code,
            1163
        );
        remove_table(&mut t, "Child").expect("removed");
        assert!(t.table("Parent").expect("p").column("kids").is_none());
        assert_eq!(remove_table(&mut t, USERS).expect_err("users").code, 2000);
    }
}
