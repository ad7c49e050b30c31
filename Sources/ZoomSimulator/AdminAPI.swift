import Foundation

/// Test hooks: faults, clock, tokens, "direct" changes by a person in Zoom's web portal,
/// and state inspection. Reached in-process through `ZoomSimulator` and out-of-process
/// through `/_sim/…` (loopback only, no token).
extension SimulatorEngine {
    func snapshot() -> SimulatorSnapshot {
        SimulatorSnapshot(
            meetings: state.meetings.map { meeting in
                SimMeetingState(
                    id: meeting.id, isWebinar: meeting.isWebinar, hostEmail: meeting.hostEmail, topic: meeting.topic,
                    type: meeting.type, agenda: meeting.agenda, timezone: meeting.timezone,
                    startTime: meeting.startTime,
                    duration: meeting.duration, approvalType: meeting.approvalType,
                    registrationType: meeting.registrationType,
                    occurrences: meeting.occurrences.map {
                        SimOccurrenceState(
                            occurrenceID: $0.id, startTime: $0.start, duration: $0.duration, status: $0.status)
                    },
                    registrants: meeting.registrants.map { registrant in
                        let extra = registrant.extraJSON.flatMap { try? JSONValue.parse($0) }
                        return SimRegistrantState(
                            id: registrant.id, email: registrant.email, firstName: registrant.firstName,
                            lastName: registrant.lastName, org: extra?["org"]?.stringValue,
                            status: registrant.status, joinURL: registrant.joinURL)
                    }, alternativeHosts: meeting.settings["alternative_hosts"]?.stringValue)
            })
    }

    func expireAllTokens() {
        for index in tokens.indices { tokens[index].revoked = true }
        _ = persistOrFail()
    }

    @discardableResult
    func deleteMeetingDirectly(id: Int64) -> Bool {
        guard let index = state.meetingIndex(id) else { return false }
        state.meetings.remove(at: index)
        _ = persistOrFail()
        return true
    }

    @discardableResult
    func editMeetingDirectly(
        id: Int64, topic: String?, agenda: String? = nil, startTime: Date? = nil, duration: Int? = nil,
        hostEmail: String? = nil
    ) -> Bool {
        guard let index = state.meetingIndex(id) else { return false }
        if let hostEmail {
            // An admin giving the meeting another host in Zoom's web portal: a user of the account.
            guard let user = state.user(matching: hostEmail) else { return false }
            state.meetings[index].hostID = user.id
            state.meetings[index].hostEmail = user.email
        }
        if let topic { state.meetings[index].topic = topic }
        if let agenda { state.meetings[index].agenda = agenda }
        var scheduleChanged = false
        if let startTime {
            state.meetings[index].startTime = startTime
            scheduleChanged = true
        }
        if let duration {
            state.meetings[index].duration = duration
            scheduleChanged = true
        }
        if scheduleChanged { recomputeOccurrences(&state.meetings[index]) }
        _ = persistOrFail()
        return true
    }

    @discardableResult
    func deleteOccurrenceDirectly(id: Int64, occurrenceID: String) -> Bool {
        guard let index = state.meetingIndex(id),
            let position = state.meetings[index].occurrences.firstIndex(where: { $0.id == occurrenceID })
        else { return false }
        state.meetings[index].occurrences[position].status = "deleted"
        _ = persistOrFail()
        return true
    }

    @discardableResult
    func setRegistrantStatusDirectly(meetingID: Int64, email: String, status: String) -> Bool {
        guard let index = state.meetingIndex(meetingID),
            let position = state.meetings[index].registrants.firstIndex(where: {
                $0.email.lowercased() == email.lowercased()
            })
        else { return false }
        state.meetings[index].registrants[position].status = status
        _ = persistOrFail()
        return true
    }

    func admin(_ request: HTTPRequest) -> APIAnswer {
        let body = parseObject(request.body) ?? [:]
        func ok(_ extra: [String: JSONValue] = [:]) -> APIAnswer {
            .ok(200, .object(extra.merging(["ok": true]) { a, _ in a }))
        }
        func bad(_ message: String) -> APIAnswer { .ok(400, ["error": .string(message)]) }
        func meetingID() -> Int64? {
            body["id"]?.intValue ?? body["meeting_id"]?.intValue ?? body["id"]?.stringValue.flatMap { Int64($0) }
        }
        func encoded<T: Encodable>(_ value: T) -> APIAnswer {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            guard let data = try? encoder.encode(value), let json = try? JSONValue.parse(data) else {
                return bad("encoding failed")
            }
            return .ok(200, json)
        }
        switch (request.method, request.path) {
        case ("POST", "/_sim/faults"):
            guard let fault = SimulatedFault(json: body) else {
                return bad(
                    "Expected {method?, path_prefix?, count?, action: respond|drop|drop_after|delay|delay_after, status?, body?, headers?, seconds?}."
                )
            }
            faults.append(fault)
            return ok()
        case ("DELETE", "/_sim/faults"):
            faults.removeAll()
            return ok()
        case ("POST", "/_sim/expire-tokens"):
            expireAllTokens()
            return ok()
        case ("GET", "/_sim/tokens"):
            return ok(["issued": .int(state.tokensIssued)])
        case ("POST", "/_sim/latency"):
            guard let seconds = body["seconds"].flatMap(SimulatorEngine.number) else {
                return bad("Expected {seconds}.")
            }
            latency = max(0, seconds)
            return ok()
        case ("POST", "/_sim/clock/advance"):
            guard let seconds = body["seconds"].flatMap(SimulatorEngine.number) else {
                return bad("Expected {seconds}.")
            }
            clockOffset += seconds
            return ok(["now": .string(ZoomTime.format(now()))])
        case ("POST", "/_sim/clock/set"):
            guard let text = body["time"]?.stringValue,
                let time = ZoomTime.parse(text, zone: TimeZone(identifier: "UTC")!)
            else {
                return bad("Expected {time: \"2027-04-12T00:00:00Z\"}.")
            }
            frozenAt = time
            clockOffset = 0
            return ok(["now": .string(ZoomTime.format(now()))])
        case ("POST", "/_sim/clock/unfreeze"):
            if let frozen = frozenAt {
                clockOffset = frozen.addingTimeInterval(clockOffset).timeIntervalSinceNow
                frozenAt = nil
            }
            return ok(["now": .string(ZoomTime.format(now()))])
        case ("GET", "/_sim/clock"):
            return ok(["now": .string(ZoomTime.format(now()))])
        case ("POST", "/_sim/scopes"):
            guard let scopes = body["scopes"]?.arrayValue?.compactMap(\.stringValue) else {
                return bad("Expected {scopes: [...]}.")
            }
            grantedScopes = scopes
            return ok()
        case ("POST", "/_sim/users"):
            guard let email = body["email"]?.stringValue else {
                return bad("Expected {email, type?, first_name?, last_name?}.")
            }
            upsertUser(
                SimulatedUser(
                    email: email, type: Int(body["type"]?.intValue ?? 2),
                    firstName: body["first_name"]?.stringValue ?? "", lastName: body["last_name"]?.stringValue ?? ""))
            _ = persistOrFail()
            return ok()
        case ("POST", "/_sim/flush"):
            flushUnderLock()
            return ok()
        case ("GET", "/_sim/state"):
            return encoded(snapshot())
        case ("GET", "/_sim/calls"):
            return encoded(calls)
        case ("POST", "/_sim/direct/delete-meeting"):
            guard let id = meetingID() else { return bad("Expected {id}.") }
            return deleteMeetingDirectly(id: id) ? ok() : bad("No meeting \(id).")
        case ("POST", "/_sim/direct/edit-meeting"):
            guard let id = meetingID() else {
                return bad("Expected {id, topic?, agenda?, start_time?, duration?, host_email?}.")
            }
            let start = body["start_time"]?.stringValue.flatMap {
                ZoomTime.parse($0, zone: TimeZone(identifier: "UTC")!)
            }
            return editMeetingDirectly(
                id: id, topic: body["topic"]?.stringValue, agenda: body["agenda"]?.stringValue,
                startTime: start, duration: body["duration"]?.intValue.map { Int($0) },
                hostEmail: body["host_email"]?.stringValue)
                ? ok() : bad("No meeting \(id) (or no user \(body["host_email"]?.stringValue ?? "")).")
        case ("POST", "/_sim/direct/delete-occurrence"):
            guard let id = meetingID(), let occurrence = body["occurrence_id"]?.stringValue else {
                return bad("Expected {id, occurrence_id}.")
            }
            return deleteOccurrenceDirectly(id: id, occurrenceID: occurrence)
                ? ok() : bad("No occurrence \(occurrence) in meeting \(id).")
        case ("POST", "/_sim/direct/deny-registrant"):
            guard let id = meetingID(), let email = body["email"]?.stringValue else {
                return bad("Expected {meeting_id, email}.")
            }
            return setRegistrantStatusDirectly(meetingID: id, email: email, status: "denied")
                ? ok() : bad("No registrant \(email) in meeting \(id).")
        default:
            return .ok(404, ["error": .string("Unknown simulator admin call \(request.method) \(request.path).")])
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

extension SimulatedFault {
    /// Reads the admin API's JSON form of a fault.
    init?(json: [String: JSONValue]) {
        let action: Action
        switch json["action"]?.stringValue {
        case "respond":
            var headers: [String: String] = [:]
            for (name, value) in json["headers"]?.objectValue ?? [:] {
                headers[name] = value.stringValue ?? value.serialized()
            }
            let body: String
            switch json["body"] {
            case .string(let text)?: body = text
            case let value? where !value.isNull: body = value.serialized()
            default: body = ""
            }
            action = .respond(status: Int(json["status"]?.intValue ?? 500), body: body, headers: headers)
        case "drop": action = .dropConnection
        case "drop_after": action = .dropAfterProcessing
        case "delay":
            guard let seconds = json["seconds"].flatMap(SimulatorEngine.number) else { return nil }
            action = .delay(seconds)
        case "delay_after":
            guard let seconds = json["seconds"].flatMap(SimulatorEngine.number) else { return nil }
            action = .delayAfterProcessing(seconds)
        default: return nil
        }
        self.init(
            method: json["method"]?.stringValue, pathPrefix: json["path_prefix"]?.stringValue,
            count: Int(json["count"]?.intValue ?? 1), action: action)
    }
}
