//! `Code`: every error code of `specs/errors.json` by name (s3s's generated `S3ErrorCode` is the
//! model). A unit test proves the names and the catalogue agree both ways, code and HTTP status, so
//! a code added to the catalogue gets its name here, and a name cannot drift from its status.

use axum::http::StatusCode;

use super::catalog;

/// A Backendless error code. The named constants are the codes the emulator raises; a number
/// chosen at run time (a fault rule's code, a Cloud Code error) converts with `From<u32>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(u32);

impl Code {
    /// The code's number, as sent in the `code` field.
    pub const fn number(self) -> u32 {
        self.0
    }

    /// The catalogued HTTP status (400 for an uncatalogued number).
    pub fn status(self) -> StatusCode {
        catalog()
            .get(&self.0)
            .and_then(|e| StatusCode::from_u16(e.http).ok())
            .unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The catalogued message template (empty for an uncatalogued number).
    pub fn template(self) -> &'static str {
        catalog()
            .get(&self.0)
            .map(|e| e.message.as_str())
            .unwrap_or("")
    }
}

impl From<u32> for Code {
    fn from(number: u32) -> Self {
        Code(number)
    }
}

impl From<Code> for u32 {
    fn from(code: Code) -> Self {
        code.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Declares each named code with the HTTP status the catalogue gives it (checked by a test).
macro_rules! named_codes {
    ($($name:ident = $code:literal => $http:literal;)*) => {
        impl Code {
            $(
                #[doc = concat!("Code ", stringify!($code), ", answered with HTTP ", stringify!($http), ".")]
                pub const $name: Code = Code($code);
            )*
        }

        /// Every named code: its name, the code and the HTTP status it is declared with.
        #[cfg(test)]
        pub(super) const NAMED: &[(&str, Code, u16)] = &[$((stringify!($name), Code::$name, $http)),*];
    };
}

named_codes! {
    CUSTOM = 0 => 400;
    RATE_LIMITED = 999 => 400;
    OBJECT_NOT_FOUND = 1000 => 400;
    UPDATE_WITHOUT_PROPERTIES = 1001 => 400;
    USE_USER_SERVICE = 1002 => 400;
    ID_SET_BY_SERVER = 1003 => 400;
    INVALID_OFFSET = 1004 => 400;
    INVALID_PAGE_SIZE = 1005 => 400;
    INVALID_QUERY_PROPERTIES = 1006 => 400;
    INVALID_PROPERTY_TYPE = 1007 => 400;
    TABLE_NOT_FOUND = 1009 => 400;
    STORE_EMPTY = 1010 => 400;
    NO_CREATE_PERMISSION = 1011 => 400;
    NO_UPDATE_PERMISSION = 1012 => 400;
    NO_FIND_PERMISSION = 1013 => 400;
    NO_DELETE_PERMISSION = 1014 => 400;
    NO_DESCRIBE_PERMISSION = 1015 => 400;
    INVALID_WHERE = 1017 => 400;
    MISSING_CLASS = 1020 => 400;
    NO_SUCH_PROPERTIES = 1021 => 400;
    MIXED_RELATED_TYPES = 1022 => 400;
    NO_PERMISSION_CHANGE_PERMISSION = 1023 => 400;
    CANNOT_UPDATE_PERMISSION = 1024 => 400;
    PAGE_SIZE_TOO_LARGE = 1025 => 400;
    VALUE_TOO_BIG = 1026 => 400;
    KEY_NULL = 1027 => 400;
    EXPIRATION_TOO_LONG = 1028 => 400;
    EXPECTED_VALUE_NULL = 1029 => 400;
    VALUE_TOO_LARGE_FOR_LONG = 1030 => 400;
    TIMESTAMP_IN_PAST = 1031 => 400;
    REMOVE_WITHOUT_OBJECT_ID = 1032 => 400;
    RETRIEVE_WITHOUT_OBJECT_ID = 1034 => 400;
    PRIMARY_KEY_NOT_FOUND = 1035 => 400;
    BULK_UPDATE_SYSTEM_COLUMNS = 1036 => 400;
    PROPERTY_NOT_FOUND = 1037 => 400;
    BACKTICK_IN_PROPERTY = 1038 => 400;
    INVALID_COLUMN_NAME = 1039 => 400;
    INVALID_TABLE_NAME = 1040 => 400;
    DUPLICATE_PRIMARY_KEY = 1101 => 400;
    INCORRECT_DATETIME = 1110 => 400;
    SAVE_TABLE_MISSING = 1125 => 400;
    SAVE_COLUMN_MISSING = 1126 => 400;
    RELATION_COLUMN_MISSING = 1127 => 400;
    ONE_TO_ONE_MANY_OBJECTS = 1128 => 400;
    INCOMPLETE_COMPOSITE_KEY = 1129 => 400;
    WRONG_COMPOSITE_KEY = 1130 => 400;
    REQUIRED_COLUMN_MISSING = 1131 => 400;
    RELATED_TABLE_MISSING = 1132 => 400;
    NO_OPERATION_PERMISSION = 1134 => 400;
    GEOPOINT_RESERVED = 1135 => 400;
    BULK_UPDATE_SYSTEM_COLUMNS_NAMED = 1136 => 400;
    PROPERTY_NULL = 1137 => 400;
    TOO_MANY_COLUMNS = 1149 => 400;
    COLUMN_EXISTS = 1152 => 400;
    DUPLICATE_ENTRY = 1155 => 400;
    TABLE_EXISTS = 1161 => 400;
    SYSTEM_COLUMN_PROHIBITED = 1163 => 400;
    COLUMN_TYPE_LOSES_DATA = 1164 => 400;
    COLUMN_EMPTY = 1165 => 400;
    DUPLICATE_COLUMN_ENTRY = 1166 => 400;
    REQUIRED_RELATION = 1167 => 400;
    OPERATION_NOT_ALLOWED = 2000 => 400;
    WRONG_APP_INFO = 2002 => 400;
    ROLE_NOT_FOUND = 2005 => 400;
    ASSIGN_SYSTEM_ROLE = 2007 => 400;
    UNASSIGN_SYSTEM_ROLE = 2008 => 400;
    ROLES_NEED_SERVER_CODE = 2011 => 400;
    LOGIN_BY_ID_NEEDS_CODE_RUNNER = 2014 => 400;
    LOGIN_DISABLED_FOR_USER = 3000 => 400;
    MISSING_LOGIN_SETTINGS = 3001 => 400;
    MULTIPLE_LOGINS_DISABLED = 3002 => 400;
    INVALID_LOGIN = 3003 => 401;
    SOCIAL_LOGIN_FAILED = 3004 => 400;
    EMPTY_LOGIN_OR_PASSWORD = 3006 => 400;
    INVALID_APP_OR_VERSION = 3007 => 400;
    REGISTRATION_DENIED = 3009 => 403;
    REGISTRATION_UNKNOWN_PROPERTY = 3010 => 400;
    MISSING_PASSWORD = 3011 => 400;
    REQUIRED_PROPERTY_MISSING = 3012 => 400;
    MISSING_IDENTITY = 3013 => 400;
    EXTERNAL_REGISTRATION_FAILED = 3014 => 400;
    UPDATE_IDENTITY_EXISTS = 3018 => 400;
    IDENTITY_NOT_FOUND = 3020 => 400;
    REGISTRATION_ERROR = 3021 => 400;
    LOGOUT_ERROR = 3023 => 400;
    USER_UPDATE_ERROR = 3024 => 400;
    RECOVERY_ERROR = 3025 => 400;
    NOT_LOGGED_IN = 3028 => 400;
    OTHER_USER_PROPERTIES = 3029 => 400;
    USER_NOT_FOUND = 3030 => 400;
    UPDATE_UNKNOWN_PROPERTY = 3031 => 400;
    USER_EXISTS = 3033 => 400;
    LOGIN_DISABLED = 3034 => 400;
    ACCOUNT_LOCKED = 3036 => 400;
    MISSING_REGISTRATION_DATA = 3038 => 400;
    ID_IN_REGISTRATION = 3039 => 400;
    BAD_EMAIL = 3040 => 400;
    REQUIRED_VALUE_MISSING = 3041 => 400;
    DUPLICATE_REGISTRATION_PROPERTIES = 3043 => 400;
    LOGIN_LIMIT_REACHED = 3044 => 400;
    REQUIRED_PROPERTIES_EMPTY = 3045 => 400;
    PASSWORD_NOT_STRING = 3050 => 400;
    SOCIAL_LOGIN_3052 = 3052 => 400;
    SOCIAL_LOGIN_3053 = 3053 => 400;
    ONLY_BUSINESS_LOGIC = 3054 => 400;
    ROLE_USER_NOT_FOUND = 3057 => 400;
    CANNOT_ASSIGN_ROLE = 3058 => 400;
    CANNOT_UNASSIGN_ROLE = 3059 => 400;
    SOCIAL_LOGIN_3060 = 3060 => 400;
    SOCIAL_LOGIN_3062 = 3062 => 400;
    UNKNOWN_USER_TOKEN = 3064 => 400;
    SOCIAL_LOGIN_3072 = 3072 => 400;
    SOCIAL_USER_RECOVERY = 3075 => 400;
    UPDATED_ON_REGISTRATION = 3076 => 400;
    CREATED_ON_REGISTRATION = 3077 => 400;
    EMAIL_REQUIRED = 3078 => 400;
    USER_ALREADY_DISABLED = 3085 => 400;
    USER_ALREADY_ENABLED = 3086 => 400;
    EMAIL_NOT_CONFIRMED = 3087 => 400;
    USER_DISABLED = 3090 => 400;
    SESSION_TIMEOUT = 3091 => 400;
    UPDATE_ONLY_BY_SELF = 3094 => 400;
    DELETE_ONLY_BY_SELF = 3095 => 400;
    SOCIAL_LOGIN_3096 = 3096 => 400;
    SOCIAL_LOGIN_3097 = 3097 => 400;
    IDENTITY_BULK_UPDATE = 3098 => 400;
    RECOVERY_DISABLED = 3101 => 400;
    EMAIL_ALREADY_CONFIRMED = 3102 => 400;
    CONFIRMATION_DISABLED = 3103 => 400;
    RECOVERY_IDENTITY_NOT_FOUND = 3104 => 400;
    NO_AUTHENTICATED_USER = 3121 => 400;
    VERIFY_PASSWORD_NEEDS_CODE = 3122 => 400;
    NO_RESOURCE_PERMISSION = 4000 => 400;
    USERS_RELATION_NEEDS_ID = 4042 => 400;
    MESSAGE_NOT_FOUND = 5040 => 400;
    EMAIL_NOT_CONFIGURED = 5050 => 400;
    FILE_NOT_FOUND = 6000 => 400;
    PROHIBITED_PATH = 6006 => 400;
    RESOURCE_NOT_FOUND = 6007 => 400;
    FILE_EXISTS = 6018 => 400;
    PARAMETER_NULL = 6028 => 400;
    INVALID_RANGE = 8000 => 400;
    DUPLICATE_PROPERTY = 8001 => 400;
    UNPARSABLE_REQUEST = 8002 => 400;
    INVALID_DATE_FORMAT = 8003 => 400;
    UNPARSABLE_JSON_PARAMS = 8004 => 400;
    MISSING_FIELD = 8010 => 400;
    NOT_JSON = 8011 => 400;
    MISSING_APP_ID = 8022 => 400;
    PRIMITIVE_COLLECTION = 8044 => 400;
    INVALID_WHERE_DETAILS = 19000 => 400;
    INVALID_HAVING = 19001 => 400;
    EMAIL_TEMPLATE_NOT_FOUND = 24002 => 400;
    HIVE_NOT_FOUND = 27001 => 400;
    HIVE_EXISTS = 27002 => 400;
    HIVE_KEY_NOT_FOUND = 27003 => 400;
    HIVE_NOT_A_NUMBER = 27004 => 400;
    HIVE_NO_EXPIRATION = 27010 => 400;
    NOT_SUPPORTED = 99000 => 400;
    UNKNOWN_ENDPOINT = 99001 => 404;
    BODY_TOO_LARGE = 99002 => 413;
    INJECTED_FAULT = 99003 => 400;
    CONSOLE_AUTH = 99004 => 401;
    PERSISTENCE_OFF = 99005 => 409;
    SNAPSHOT_FAILED = 99006 => 400;
    SNAPSHOT_NOT_FOUND = 99007 => 400;
    SUBSCRIPTION_NOT_FOUND = 99020 => 404;
    PUSH_TEMPLATE_NOT_FOUND = 99021 => 400;
    TIMER_NOT_FOUND = 99022 => 404;
    INVALID_TIMER = 99023 => 400;
    WEBHOOK_FAILED = 99024 => 400;
    TIMER_EXISTS = 99025 => 409;
    FILE_TOO_LARGE = 99060 => 400;
    STORAGE_FULL = 99061 => 400;
    COPY_INTO_ITSELF = 99062 => 400;
    CONTROL_TOKEN = 99100 => 401;
    CROSS_ORIGIN_REFUSED = 99101 => 403;
    HOST_REFUSED = 99102 => 403;
    INVALID_APP_SETTING = 99103 => 400;
    APP_LIMIT = 99104 => 409;
    SNAPSHOT_LIMIT = 99105 => 409;
    NESTED_TOO_DEEP = 99106 => 400;
    WEBHOOK_TO_CONTROL_PLANE = 99107 => 400;
    CONNECTION_LIMIT = 99108 => 503;
    REQUEST_TIMEOUT = 99109 => 408;
    MALFORMED_REQUEST = 99111 => 400;
    URI_TOO_LONG = 99112 => 414;
    HEADERS_TOO_LARGE = 99113 => 431;
    FORWARD_TO_CONTROL_PLANE = 99114 => 403;
    COUNTER_VALUE_CHANGED = 99240 => 400;
    COUNTER_NOT_FOUND = 99241 => 400;
    TABLE_VIEW_NOT_FOUND = 99242 => 400;
    UNKNOWN_SECURITY_SERVICE = 99250 => 400;
    UNKNOWN_SECURITY_POLICY = 99251 => 400;
    OAUTH_PROVIDER_NOT_FOUND = 99252 => 404;
    OAUTH_TEMPLATE_NOT_FOUND = 99253 => 400;
    AUTH0_BINDING_NOT_FOUND = 99254 => 404;
    OAUTH_PROVIDER_EXISTS = 99255 => 409;
    API_KEY_NOT_FOUND = 99260 => 400;
    SYSTEM_API_KEY = 99261 => 400;
    MOBILE_SETTINGS_NOT_FOUND = 99262 => 400;
    CLONE_PROCESS_NOT_FOUND = 99263 => 400;
    NOT_A_TEAM_MEMBER = 99264 => 400;
    NO_OWNERSHIP_OFFER = 99265 => 400;
    NO_SUCH_DEVELOPER = 99266 => 400;
    OWNER_ONLY = 99267 => 403;
    SHUTTING_DOWN = 99150 => 503;
    LOGIN_AS_IDENTITY = 99220 => 400;
    LOGIN_AS_USER_NOT_FOUND = 99221 => 404;
    SMTP_NOT_AVAILABLE = 99270 => 400;
    TEMPLATE_NOT_FOUND = 99271 => 400;
    TEMPLATE_EXISTS = 99272 => 409;
    CHANNEL_NOT_FOUND = 99273 => 404;
    CHANNEL_EXISTS = 99274 => 409;
    EVENT_HANDLER_NOT_FOUND = 99275 => 404;
    INVALID_EVENT_HANDLER = 99276 => 400;
    WEBHOOK_NOT_FOUND = 99277 => 404;
    EMAIL_EVENT_NOT_FOUND = 99278 => 404;
    SERVICE_WITHOUT_WEBHOOK = 99279 => 404;
    SHARED_OBJECT_LIMIT = 99280 => 400;
    DRAFT_FILE_NOT_FOUND = 99281 => 404;
    CONSOLE_ITEM_NOT_FOUND = 99282 => 404;
    CONSOLE_ITEM_EXISTS = 99283 => 409;
    NO_COMMUNITY_PROFILE = 99284 => 404;
    USER_NAME_TAKEN = 99285 => 409;
    OPERATION_DENIED = 99286 => 403;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_code_is_catalogued_with_its_status() {
        for (name, code, http) in NAMED {
            let entry = catalog().get(&code.number());
            assert!(
                entry.is_some(),
                "Code::{name} ({code}) is not in specs/errors.json"
            );
            assert_eq!(
                entry.map(|e| e.http),
                Some(*http),
                "Code::{name} ({code}) has another status in specs/errors.json"
            );
        }
    }

    #[test]
    fn every_catalogued_code_has_one_name() {
        let mut names = std::collections::HashMap::new();
        for (name, code, _) in NAMED {
            assert!(
                names.insert(code.number(), *name).is_none(),
                "{code} is named twice"
            );
        }
        let mut unnamed: Vec<_> = catalog()
            .keys()
            .filter(|c| !names.contains_key(c))
            .collect();
        unnamed.sort();
        assert!(
            unnamed.is_empty(),
            "codes of specs/errors.json without a name in src/error/code.rs: {unnamed:?}"
        );
    }
}
