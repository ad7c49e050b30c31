import Foundation

enum Family: Sendable {
    case meeting, webinar

    var noun: String { self == .meeting ? "meeting" : "webinar" }
    var plural: String { self == .meeting ? "meetings" : "webinars" }
}

/// A `/v2` call the simulator serves, with Zoom's rate label and accepted scopes
/// (classic and granular, as listed in Zoom's OpenAPI documents).
struct Route: Sendable {
    enum Kind: Sendable {
        case getUser(String)
        case getUserSettings(String)
        case createMeeting(userID: String)
        case listMeetings(userID: String)
        case getMeeting(String)
        case patchMeeting(String)
        case deleteMeeting(String)
        case listRegistrants(String)
        case addRegistrant(String)
        case batchRegistrants(String)
        case registrantStatus(String)
        case getRegistrant(String, String)
        case deleteRegistrant(String, String)
    }

    var family: Family
    var kind: Kind
    var label: RateLabel
    var acceptedScopes: [String]

    init?(method: String, path: String) {
        let parts = path.dropFirst("/v2/".count).split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        func scopes(_ family: String, _ macro: String, _ granular: String) -> [String] {
            ["\(family):\(macro):admin", "\(family):\(macro)", "\(family):\(granular):admin", "\(family):\(granular)"]
        }
        switch (method, parts.count, parts.first ?? "") {
        case ("GET", 2, "users"):
            family = .meeting
            kind = .getUser(parts[1])
            label = .light
            acceptedScopes = [
                "user:read:admin", "user:read", "user:write:admin", "user:write", "user:read:user:admin",
                "user:read:user", "user_profile", "user_info:read",
            ]
            return
        case ("GET", 3, "users") where parts[2] == "settings":
            // Zoom's users document, getUserSettings: Medium.
            family = .meeting
            kind = .getUserSettings(parts[1])
            label = .medium
            acceptedScopes = [
                "user:read:admin", "user:read", "user:write:admin", "user:write", "user:read:settings:admin",
                "user:read:settings",
            ]
            return
        case (_, 3, "users") where parts[2] == "meetings" || parts[2] == "webinars":
            family = parts[2] == "meetings" ? .meeting : .webinar
            let f = family.noun
            if method == "POST" {
                kind = .createMeeting(userID: parts[1])
                label = .light
                acceptedScopes = scopes(f, "write", "write:\(f)")
            } else if method == "GET" {
                kind = .listMeetings(userID: parts[1])
                label = .medium
                acceptedScopes = scopes(f, "read", "read:list_\(f)s")
            } else {
                return nil
            }
            return
        case (_, _, "meetings"), (_, _, "webinars"):
            family = parts[0] == "meetings" ? .meeting : .webinar
            let f = family.noun
            guard parts.count >= 2 else { return nil }
            let id = parts[1]
            switch (method, parts.count) {
            case ("GET", 2):
                kind = .getMeeting(id)
                label = .light
                acceptedScopes = scopes(f, "read", "read:\(f)")
            case ("PATCH", 2):
                kind = .patchMeeting(id)
                label = .light
                acceptedScopes = scopes(f, "write", "update:\(f)")
            case ("DELETE", 2):
                kind = .deleteMeeting(id)
                label = .light
                acceptedScopes = scopes(f, "write", "delete:\(f)")
            case ("GET", 3) where parts[2] == "registrants":
                kind = .listRegistrants(id)
                label = .medium
                acceptedScopes = scopes(f, "read", "read:list_registrants")
            case ("POST", 3) where parts[2] == "registrants":
                kind = .addRegistrant(id)
                label = .light
                acceptedScopes = scopes(f, "write", "write:registrant")
            case ("POST", 3) where parts[2] == "batch_registrants":
                // Heavy, and its own granular scope (Zoom's OpenAPI document, addBatchRegistrants).
                kind = .batchRegistrants(id)
                label = .heavy
                acceptedScopes = scopes(f, "write", "write:batch_registrants")
            case ("PUT", 4) where parts[2] == "registrants" && parts[3] == "status":
                kind = .registrantStatus(id)
                label = .medium
                acceptedScopes = scopes(f, "write", "update:registrant_status")
            case ("GET", 4) where parts[2] == "registrants" && parts[3] != "status" && parts[3] != "questions":
                kind = .getRegistrant(id, parts[3])
                label = .light
                acceptedScopes = scopes(f, "read", "read:registrant")
            case ("DELETE", 4) where parts[2] == "registrants":
                kind = .deleteRegistrant(id, parts[3])
                label = .light
                acceptedScopes = scopes(f, "write", "delete:registrant")
            default: return nil
            }
            return
        default:
            return nil
        }
    }
}
