import Foundation

/// `GET /users/{userId}/settings` (Zoom's users document, `userSettings`): only the `feature`
/// part semco-zoom reads, whether the host holds a webinar licence (`feature.webinar`,
/// `feature.webinar_capacity`). Every licensed user (type 2) holds one here, a basic
/// user none. [S: Zoom sells webinar licences separately; the simulator does not model a
/// licensed user without one.]
extension SimulatorEngine {
    func userSettingsJSON(_ user: StoredUser) -> JSONValue {
        let licensed = user.type >= 2
        var feature: [String: JSONValue] = [
            "meeting_capacity": .int(100),
            "large_meeting": false,
            "webinar": .bool(licensed),
        ]
        if licensed { feature["webinar_capacity"] = .int(500) }
        return .object(["feature": .object(feature)])
    }
}
