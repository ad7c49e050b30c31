import Foundation

/// `settings.alternative_hosts` on a create or series PATCH of a meeting or webinar: Zoom takes
/// only licensed (type 2) users of the account, named by e-mail or user id, separated by `;`
/// (meetings) or `,` (webinars; both are read). Any other entry refuses the whole request, as
/// Zoom does, with 400 / 1115 (docs/SIMULATOR.md, "Alternative hosts": Zoom's OpenAPI documents
/// give no code for this; the simulator's choice is written there). The value is stored as sent
/// and answered by GET.
extension SimulatorEngine {
    func refusedAlternativeHosts(_ body: [String: JSONValue]) -> APIAnswer? {
        guard let settings = body["settings"]?.objectValue, let value = settings["alternative_hosts"], !value.isNull
        else { return nil }
        guard let text = value.stringValue else {
            return validationFailed([("settings.alternative_hosts", "alternative_hosts must be a string.")])
        }
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let entry = part.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            guard let user = state.user(matching: entry), user.type == 2 else {
                return .error(400, 1115, Self.alternativeHostRefusal(entry))
            }
        }
        return nil
    }

    static func alternativeHostRefusal(_ entry: String) -> String {
        "Unable to assign alternative host: \(entry). Alternative hosts must be licensed users on the same account."
    }
}

extension SimulatorEngine {
    /// An admin editing the meeting's alternative hosts in Zoom's web portal (no check, as the
    /// portal's own form is not modelled). False when there is no such meeting.
    @discardableResult
    func setAlternativeHostsDirectly(id: Int64, value: String) -> Bool {
        guard let index = state.meetingIndex(id) else { return false }
        state.meetings[index].settings["alternative_hosts"] = .string(value)
        _ = persistOrFail()
        return true
    }
}

extension ZoomSimulator {
    /// Test hook: `settings.alternative_hosts` changed directly in Zoom.
    @discardableResult
    public func setAlternativeHostsDirectly(id: Int64, value: String) async -> Bool {
        engine.withLock { engine.setAlternativeHostsDirectly(id: id, value: value) }
    }
}
