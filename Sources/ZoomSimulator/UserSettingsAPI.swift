import Foundation

/// `GET /users/{userId}/settings` (Zoom's users document, `userSettings`): only the `feature`
/// part semco-zoom reads, whether the host holds a webinar licence (`feature.webinar`,
/// `feature.webinar_capacity`). Zoom sells the webinar add-on separately: a user holds it when
/// the users file marks it (`"webinar": true`) [H: Users document, `feature.webinar`]. The
/// capacity of an add-on is 500 here (Zoom: 100 … 10,000 by subscription) [S].
extension SimulatorEngine {
    func userSettingsJSON(_ user: StoredUser) -> JSONValue {
        let holdsWebinar = user.type >= 2 && user.webinar
        var feature: [String: JSONValue] = [
            "meeting_capacity": .int(100),
            "large_meeting": false,
            "webinar": .bool(holdsWebinar),
        ]
        if holdsWebinar { feature["webinar_capacity"] = .int(500) }
        return .object(["feature": .object(feature)])
    }

    /// Zoom's refusal of a webinar for a host without the add-on: 400, code 200, the message of
    /// `webinarCreate` in Zoom's Meetings document [H].
    func webinarPlanMissing(_ user: String) -> APIAnswer {
        .error(
            400, 200,
            "Webinar plan is missing. You must subscribe to the webinar plan and enable webinars for user \(user) in order to perform this action."
        )
    }
}
