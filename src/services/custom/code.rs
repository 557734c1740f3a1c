//! [`ServerCode`]: the server code the console's editor keeps per app: models (named groups of
//! code, per language) and each model's draft files. The emulator stores and answers them as the
//! console saves them; it never runs them, so deploying a draft to production answers 99000.
//!
//! | SDK method (`bl.js`) | Route (`/{appId}/console/servercode/...`) |
//! |---|---|
//! | `getAllModels` / `getModels` | `GET models` (`{LANGUAGE: [model]}`), `GET models/{language}` |
//! | `createModel` | `POST models/create` with `{language, model}` |
//! | `getDraftFiles` / `saveDraftFiles` | `GET`/`PUT {model}/draft/{language}` (`[{id, content}]`) |
//! | `getDraftFileContent` | `GET {model}/draft/{language}/{fileId}` (the content) |

use std::collections::BTreeMap;

use axum::extract::Path;
use axum::Json;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::{bad_field, draft_file_not_found};
use crate::apps::developers::ConsoleApp;
use crate::apps::ServiceState;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// The models and draft files of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct ServerCode {
    inner: RwLock<Code>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
struct Code {
    /// Language (upper case) → model → file id → content.
    models: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
}

impl ServiceState for ServerCode {
    const KEY: &'static str = "serverCode";
}

/// A language as the console names it (`js`, `JS` → `JS`); 8010 when empty.
fn language(text: &str) -> Result<String, ApiError> {
    let language = text.trim().to_ascii_uppercase();
    if language.is_empty() {
        return Err(ApiError::missing_field("language"));
    }
    Ok(language)
}

/// A model name; 8010 when empty.
fn model(text: &str) -> Result<String, ApiError> {
    let model = text.trim();
    if model.is_empty() {
        return Err(ApiError::missing_field("model"));
    }
    Ok(model.to_string())
}

/// A file id as the console sends it (`path%2Fto%2Ffile.js` or `path/to/file.js`).
fn file_id(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .trim_start_matches('/')
        .to_string()
}

impl ServerCode {
    /// Every model, by language.
    fn all_models(&self) -> Value {
        let inner = self.inner.read();
        let by_language: serde_json::Map<String, Value> = inner
            .models
            .iter()
            .map(|(lang, models)| (lang.clone(), Value::from_iter(models.keys().cloned())))
            .collect();
        Value::Object(by_language)
    }

    /// The models of one language.
    fn models(&self, language: &str) -> Value {
        let inner = self.inner.read();
        let models = inner.models.get(language);
        Value::from_iter(models.into_iter().flat_map(|m| m.keys().cloned()))
    }

    /// Create a model (creating one that exists changes nothing).
    fn create_model(&self, language: String, model: String) {
        self.inner
            .write()
            .models
            .entry(language)
            .or_default()
            .entry(model)
            .or_default();
    }

    /// The draft files of a model: `[{id, content}]` by id.
    fn drafts(&self, language: &str, model: &str) -> Value {
        let inner = self.inner.read();
        let files = inner.models.get(language).and_then(|m| m.get(model));
        Value::from_iter(
            files
                .into_iter()
                .flatten()
                .map(|(id, content)| json!({"id": id, "content": content})),
        )
    }

    /// Save draft files (the model is created if new); answers the model's files.
    fn save_drafts(&self, language: String, model: String, files: Vec<(String, String)>) -> Value {
        {
            let mut inner = self.inner.write();
            let stored = inner
                .models
                .entry(language.clone())
                .or_default()
                .entry(model.clone())
                .or_default();
            stored.extend(files);
        }
        self.drafts(&language, &model)
    }

    /// One draft file's content.
    fn draft(&self, language: &str, model: &str, id: &str) -> Result<String, ApiError> {
        self.inner
            .read()
            .models
            .get(language)
            .and_then(|m| m.get(model))
            .and_then(|files| files.get(id))
            .cloned()
            .ok_or_else(|| draft_file_not_found(id, model, language))
    }
}

/// The `[{id, content}]` of a save; 8002 for anything else.
fn draft_files(body: &Value) -> Result<Vec<(String, String)>, ApiError> {
    let items = body
        .as_array()
        .ok_or_else(|| bad_field("the draft files must be an array of {id, content}"))?;
    items
        .iter()
        .map(|item| {
            let id = item["id"]
                .as_str()
                .map(file_id)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| bad_field("every draft file needs a string id"))?;
            let content = match &item["content"] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                _ => return Err(bad_field("a draft file's content must be a string")),
            };
            Ok((id, content))
        })
        .collect()
}

/// `getAllModels`.
pub(super) async fn all_models(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<ServerCode>().all_models())
}

/// `getModels`.
pub(super) async fn models(c: ConsoleApp, Path((_, lang)): Path<(String, String)>) -> JsonResult {
    Ok(Json(
        c.services.get::<ServerCode>().models(&language(&lang)?),
    ))
}

/// `createModel` with `{language, model}`; answers the language's models.
pub(super) async fn create_model(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let lang = language(body["language"].as_str().unwrap_or_default())?;
    let name = model(body["model"].as_str().unwrap_or_default())?;
    let code = c.services.get::<ServerCode>();
    code.create_model(lang.clone(), name);
    Ok(Json(code.models(&lang)))
}

/// `getDraftFiles`.
pub(super) async fn drafts(
    c: ConsoleApp,
    Path((_, name, lang)): Path<(String, String, String)>,
) -> JsonResult {
    let code = c.services.get::<ServerCode>();
    Ok(Json(code.drafts(&language(&lang)?, &model(&name)?)))
}

/// `saveDraftFiles` (`?sync=` is accepted: a save is always synchronous here).
pub(super) async fn save_drafts(
    c: ConsoleApp,
    Path((_, name, lang)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let files = draft_files(&body)?;
    let code = c.services.get::<ServerCode>();
    Ok(Json(code.save_drafts(
        language(&lang)?,
        model(&name)?,
        files,
    )))
}

/// `getDraftFileContent`: the content as a JSON string.
pub(super) async fn draft(
    c: ConsoleApp,
    Path((_, name, lang, file)): Path<(String, String, String, String)>,
) -> JsonResult {
    let code = c.services.get::<ServerCode>();
    let content = code.draft(&language(&lang)?, &model(&name)?, &file_id(&file))?;
    Ok(Json(Value::from(content)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};

    #[test]
    fn models_and_drafts_are_kept_per_language_and_round_trip() {
        let code = ServerCode::default();
        code.create_model("JS".into(), "shop".into());
        let files = draft_files(&json!([
            {"id": "path%2Fto%2Fa.js", "content": "let a = 1"},
            {"id": "b.js", "content": null}
        ]))
        .expect("files");
        code.save_drafts("JAVA".into(), "default".into(), files);
        assert_eq!(
            code.all_models(),
            json!({"JAVA": ["default"], "JS": ["shop"]})
        );
        assert_eq!(code.models("JS"), json!(["shop"]));
        assert_eq!(
            code.draft("JAVA", "default", "path/to/a.js")
                .expect("saved"),
            "let a = 1"
        );
        let back = loaded::<ServerCode>(&saved(&code)).expect("loads");
        assert_eq!(
            back.drafts("JAVA", "default"),
            json!([{"id": "b.js", "content": ""}, {"id": "path/to/a.js", "content": "let a = 1"}])
        );
        let missing = code.draft("JS", "shop", "x.js").expect_err("absent");
        assert_eq!(missing.code, 99281);
        assert_eq!(
            draft_files(&json!([{"content": "x"}]))
                .expect_err("no id")
                .code,
            8002
        );
    }
}
