//! The console's JSON shapes of tables and columns (management.md §2.1): `columns` holds the
//! primitive columns, `relations` / `geoRelations` the relation kinds, `parentRelations` the
//! relation columns of other tables pointing here.

use serde_json::{json, Map, Value};

use crate::services::data::schema::{Cardinality, Column, DataType, OBJECT_ID};
use crate::services::data::store::Tables;
use crate::services::data::table::Table;

/// The console's table object (§2.1).
pub fn table_json(t: &Tables, table: &Table) -> Value {
    let plain: Vec<Value> = table
        .columns
        .iter()
        .filter(|c| !c.is_relation() && c.data_type != DataType::GeoRef)
        .map(column_json)
        .collect();
    let relations: Vec<Value> = table
        .columns
        .iter()
        .filter(|c| c.is_relation())
        .map(|c| relation_json(t, c))
        .collect();
    let geo: Vec<Value> = table
        .columns
        .iter()
        .filter(|c| c.data_type == DataType::GeoRef)
        .map(column_json)
        .collect();
    let parents: Vec<Value> = t
        .iter()
        .flat_map(|other| {
            other
                .columns
                .iter()
                .filter(|c| c.is_relation() && c.related_table.as_deref() == Some(&table.name))
                .map(move |c| {
                    json!({"columnId": c.column_id, "name": c.name, "fromTableId": other.table_id,
                           "fromTableName": other.name, "relationshipType": cardinality_name(c)})
                })
        })
        .collect();
    json!({
        "tableId": table.table_id, "name": table.name, "view": false, "system": table.system,
        "dataConnector": false, "columns": plain, "relations": relations,
        "geoRelations": geo, "parentRelations": parents,
    })
}

/// A primitive column as the console lists it.
pub fn column_json(c: &Column) -> Value {
    json!({
        "columnId": c.column_id, "name": c.name, "dataType": c.data_type.as_str(),
        "isPrimaryKey": c.name == OBJECT_ID, "required": c.required, "unique": c.unique,
        "indexed": c.unique || c.name == OBJECT_ID, "dataSize": c.data_size,
        "defaultValue": c.default_value, "customRegex": c.custom_regex,
        "expression": c.expression, "autoLoad": c.auto_load, "system": c.system,
    })
}

/// A relation column as the console lists it.
pub fn relation_json(t: &Tables, c: &Column) -> Value {
    let to = c.related_table.clone().unwrap_or_default();
    let to_id = t
        .table(&to)
        .map(|tb| tb.table_id.clone())
        .unwrap_or_default();
    json!({
        "columnId": c.column_id, "name": c.name, "dataType": "DATA_REF", "toTableId": to_id,
        "toTableName": to, "relationshipType": cardinality_name(c), "required": c.required,
        "autoLoad": c.auto_load, "unique": false,
    })
}

fn cardinality_name(c: &Column) -> &'static str {
    match c.cardinality {
        Some(Cardinality::OneToMany) => "ONE_TO_MANY",
        _ => "ONE_TO_ONE",
    }
}

/// Every table as T1 lists them.
pub fn tables_json(t: &Tables) -> Value {
    let tables: Vec<Value> = t.iter().map(|tb| table_json(t, tb)).collect();
    let mut out = Map::new();
    out.insert("tables".into(), Value::from(tables));
    Value::Object(out)
}
