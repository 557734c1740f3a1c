//! Console areas the emulator holds no state for (UI Builder, billing, marketplace, ...): every
//! URL of such an area that no handler took answers 99000 naming the area, as the console SDK's
//! services group them (specs/sdk-surface/console-sdk-requests.json). Any other unrouted console
//! URL answers 99001.

use axum::http::{Method, Uri};

use crate::error::ApiError;

/// `/{appId}/console/<segment>/...`: the area of each first segment.
const APP_AREAS: &[(&str, &str)] = &[
    ("activatedev", "Developer activation"),
    ("airtable", "Airtable import"),
    ("api-docs", "API docs generation"),
    ("apicalls", "Analytics"),
    ("apikey", "API key management"),
    ("app-info", "App info"),
    ("application", "App statistics and transfer"),
    ("appreset", "App reset"),
    ("billing", "Billing"),
    ("cache", "Console cache browser"),
    ("cachecontrol", "Cache control"),
    ("chart-builder", "Chart builder"),
    ("cloneApp", "App cloning"),
    ("cloud-code", "Cloud Code marketplace"),
    ("codeless", "Codeless"),
    ("community", "Marketplace"),
    ("compliance", "HIPAA compliance"),
    ("concurrent-requests", "Analytics"),
    ("counters", "Console counters browser"),
    ("data", "Console data"),
    ("data-to-visualize", "Dashboards"),
    ("dataconnectors", "Data connectors"),
    ("developer", "Developer options"),
    ("devteam", "Developer team"),
    ("dnsmapping", "Custom domains"),
    ("domaincontrolsettings", "Custom domains"),
    ("email", "Email events"),
    ("email-templates", "Email template marketplace"),
    ("emailtemplate", "Console email templates"),
    ("export", "App export"),
    ("files", "Console files"),
    ("gamification", "Gamification"),
    ("hive", "Console Hive browser"),
    ("import", "Data import"),
    ("integrations", "Integrations"),
    ("ioscert", "iOS push certificates"),
    ("landing-page", "Landing page"),
    ("localservices", "API services management"),
    ("logging", "Logging configuration"),
    ("mailsettings", "Mail settings"),
    ("messaging", "Console messaging"),
    ("mobilesettings", "Mobile settings"),
    ("my-permissions", "Developer permissions"),
    ("notifications", "Limit notifications"),
    ("open-ai", "OpenAI"),
    ("panic", "Panic mode"),
    ("pdf", "PDF templates"),
    ("performance", "Analytics"),
    ("preview", "Console preview"),
    ("security", "Console security"),
    ("servercode", "Server code management"),
    ("settings", "Custom domains"),
    ("socialparams", "Social login settings"),
    ("sql", "SQL service"),
    ("ui-builder", "UI Builder"),
    ("user", "Console user sessions"),
    ("user-activity", "User activity tracking"),
    ("users", "OAuth provider configuration"),
    ("userstats", "Analytics"),
    ("visualizations", "Visualizations"),
    ("warning", "Console warnings"),
    ("webhook", "Webhook management"),
    ("workers", "Analytics"),
];

/// `/console/<segment>/...` (the developer's own resources): the area of each first segment.
const DEVELOPER_AREAS: &[(&str, &str)] = &[
    ("applications", "App templates and favourites"),
    ("apps-info", "Apps overview"),
    ("automation", "Automation"),
    ("billing", "Billing"),
    ("blueprints", "Blueprints"),
    ("community", "Community"),
    ("datavalidators", "Data validators"),
    ("developer", "Developer account options"),
    ("developer-suicide", "Developer account deletion"),
    ("devteam", "Developer team"),
    ("discourse", "Community forum login"),
    ("gamification", "Gamification"),
    ("home", "Backendless cloud login"),
    ("license", "License management"),
    ("navigator", "Console navigator"),
    ("passwordchange", "Developer password change"),
    ("resend", "Developer confirmation email"),
    ("restorepassword", "Developer password restore"),
    ("servercode", "Server code languages"),
    ("social", "Developer social login"),
    ("status", "Console status"),
];

/// `/api/app/{appId}/<segment>/...` and `/api/node-server/manage/[app/{appId}/]<segment>/...`
/// (the console's node server): the area of each segment.
const NODE_AREAS: &[(&str, &str)] = &[
    ("automation", "Automation"),
    ("flowrunner", "Automation"),
    ("form-editor", "Form editor"),
    ("integration", "Integrations"),
    ("knowledge-base", "Knowledge base"),
    ("marketplace", "Marketplace"),
    ("mcp", "MCP servers"),
    ("pdf", "PDF generation"),
    ("quick-apps", "Quick apps"),
];

fn lookup(table: &[(&str, &'static str)], segment: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(segment))
        .map(|(_, area)| *area)
}

/// The console area a path belongs to, if it is one of an official console client's areas.
pub fn area_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["console", segment, ..] => lookup(DEVELOPER_AREAS, segment),
        ["api", "app", _app, segment, ..] => lookup(NODE_AREAS, segment),
        ["api", "node-server", "manage", "app", _, segment, ..]
        | ["api", "node-server", "public", "app", _, segment, ..]
        | ["api", "node-server", "manage" | "public", segment, ..] => lookup(NODE_AREAS, segment),
        ["api", "gamification", ..] => Some("Gamification"),
        ["api", "console", "main-menu", ..] => Some("Console menu"),
        [_app, "billing", ..] | [_app, "service", "billing", ..] => Some("Billing"),
        [_app, "console", segment, ..] => lookup(APP_AREAS, segment),
        _ => None,
    }
}

/// The answer to a console URL no handler took: 99000 naming its area, else 99001.
pub async fn unrouted(method: Method, uri: Uri) -> ApiError {
    match area_of(uri.path()) {
        Some(area) => ApiError::unsupported(area),
        None => crate::extract::unknown_endpoint(method, uri).await,
    }
}

#[cfg(test)]
mod tests {
    use super::area_of;

    #[test]
    fn each_url_form_names_its_area() {
        assert_eq!(
            area_of("/APP/console/ui-builder/containers"),
            Some("UI Builder")
        );
        assert_eq!(area_of("/console/community/comments"), Some("Community"));
        assert_eq!(area_of("/api/app/APP/automation/flow"), Some("Automation"));
        assert_eq!(
            area_of("/api/node-server/manage/app/APP/pdf/generate"),
            Some("PDF generation")
        );
        assert_eq!(area_of("/APP/billing/limits/hive"), Some("Billing"));
        assert_eq!(area_of("/APP/service/billing/usage/hive"), Some("Billing"));
    }

    #[test]
    fn other_paths_have_no_area() {
        assert_eq!(area_of("/APP/console/nonsense"), None);
        assert_eq!(area_of("/console/nonsense/x"), None);
        assert_eq!(area_of("/APP/KEY/data/Person"), None);
    }
}
