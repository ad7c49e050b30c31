import Foundation

/// Users, meetings and webinars: create, get, patch, delete, list.
extension SimulatorEngine {
    func dispatch(_ route: Route, _ request: HTTPRequest) -> APIAnswer {
        let query = request.query
        switch route.kind {
        case .getUser(let userID):
            guard let user = resolveUser(userID) else { return userNotFound(userID) }
            return .ok(200, userJSON(user))
        case .getUserSettings(let userID):
            guard let user = resolveUser(userID) else { return userNotFound(userID) }
            return .ok(200, userSettingsJSON(user))
        case .createMeeting(let userID):
            return createMeeting(route.family, userID: userID, body: request.body)
        case .listMeetings(let userID):
            return listMeetings(route.family, userID: userID, query: query)
        case .getMeeting(let raw):
            return withMeeting(raw, route.family) { index in getMeeting(index, query: query) }
        case .patchMeeting(let raw):
            return withMeeting(raw, route.family) { index in patchMeeting(index, query: query, body: request.body) }
        case .deleteMeeting(let raw):
            return withMeeting(raw, route.family) { index in deleteMeeting(index, query: query) }
        case .listRegistrants(let raw):
            return withMeeting(raw, route.family) { index in listRegistrants(index, query: query) }
        case .addRegistrant(let raw):
            return withMeeting(raw, route.family) { index in addRegistrant(index, body: request.body) }
        case .batchRegistrants(let raw):
            return withMeeting(raw, route.family) { index in batchRegistrants(index, body: request.body) }
        case .registrantStatus(let raw):
            return withMeeting(raw, route.family) { index in updateRegistrantStatus(index, body: request.body) }
        case .getRegistrant(let raw, let registrantID):
            return withMeeting(raw, route.family) { index in
                guard let registrant = state.meetings[index].registrants.first(where: { $0.id == registrantID }) else {
                    return registrantNotFound(registrantID)
                }
                return .ok(200, registrantJSON(registrant))
            }
        case .deleteRegistrant(let raw, let registrantID):
            return withMeeting(raw, route.family) { index in
                guard let position = state.meetings[index].registrants.firstIndex(where: { $0.id == registrantID })
                else {
                    return registrantNotFound(registrantID)
                }
                state.meetings[index].registrants.remove(at: position)
                return persistOrFail() ?? .ok(204)
            }
        }
    }

    // MARK: users

    /// A user by e-mail or id. `me` names no user for a Server-to-Server app.
    func resolveUser(_ userID: String) -> StoredUser? {
        if let user = state.user(matching: userID) { return user }
        if configuration.autoCreateUsers, userID.contains("@"), userID.lowercased() != "me" {
            upsertUser(SimulatedUser(email: userID, type: 2, webinar: configuration.autoCreatedUsersHoldWebinar))
            _ = persistOrFail()
            return state.user(matching: userID)
        }
        return nil
    }

    func userNotFound(_ userID: String) -> APIAnswer { .error(404, 1001, "User does not exist: \(userID).") }

    func userJSON(_ user: StoredUser) -> JSONValue {
        [
            "id": .string(user.id), "email": .string(user.email), "first_name": .string(user.firstName),
            "last_name": .string(user.lastName),
            "display_name": .string("\(user.firstName) \(user.lastName)".trimmingCharacters(in: .whitespaces)),
            "type": .int(user.type), "status": "active", "timezone": .string(user.timezone),
            "created_at": .string(ZoomTime.format(user.createdAt)),
            "user_created_at": .string(ZoomTime.format(user.createdAt)),
            "account_id": .string(configuration.accountID), "role_name": "Member", "language": "en-US", "verified": 1,
            "pmi": .int(Int64(abs(user.id.hashValue % 9_000_000_000)) + 1_000_000_000), "use_pmi": false,
            "personal_meeting_url": .string("\(baseURL)/j/pmi-\(user.id)"), "dept": "", "login_types": [100],
        ]
    }

    // MARK: meeting lookup

    func withMeeting(_ raw: String, _ family: Family, _ body: (Int) -> APIAnswer) -> APIAnswer {
        guard let id = Int64(raw), let index = state.meetingIndex(id) else {
            return .error(404, 3001, "\(family == .meeting ? "Meeting" : "Webinar") does not exist: \(raw).")
        }
        guard state.meetings[index].isWebinar == (family == .webinar) else {
            return .error(400, 3000, family == .meeting ? "Cannot access meeting info." : "Cannot access webinar info.")
        }
        return body(index)
    }

    func registrantNotFound(_ id: String) -> APIAnswer { .error(404, 3001, "Registrant does not exist: \(id).") }

    // MARK: create

    func createMeeting(_ family: Family, userID: String, body: Data) -> APIAnswer {
        guard let host = resolveUser(userID) else { return userNotFound(userID) }
        guard let object = parseObject(body) else { return invalidBody() }
        if let refused = refusedAlternativeHosts(object) { return refused }
        let defaultType = family == .meeting ? 2 : 5
        var meeting = StoredMeeting(
            id: 0, uuid: SimIDs.uuid(), isWebinar: family == .webinar, hostID: host.id, hostEmail: host.email,
            topic: family == .meeting ? "Zoom Meeting" : "Zoom Webinar", type: defaultType, agenda: nil,
            timezone: host.timezone,
            startTime: now(), duration: 60, createdAt: now(), recurrence: nil,
            settingsJSON: JSONValue.object(defaultSettings(family)).serialized(),
            password: SimIDs.random(6, alphabet: Array("abcdefghijkmnpqrstuvwxyz23456789")),
            joinToken: SimIDs.random(32), registrationToken: SimIDs.random(22), occurrences: [], registrants: [])
        var errors: [(String, String)] = []
        applyFields(object, to: &meeting, family: family, isCreate: true, errors: &errors)
        if !errors.isEmpty { return validationFailed(errors) }
        if host.type != 2 && (family == .webinar || meeting.approvalType != 2) {
            return .error(400, 3161, "Your user account is not allowed meeting hosting and scheduling capabilities.")
        }
        if family == .webinar && !host.webinar {
            return webinarPlanMissing(host.email)
        }
        let (dailyKey, limited) = hostDailyLimit(host.email)
        if let limited { return limited }
        recomputeOccurrences(&meeting)
        meeting.id = state.nextMeetingID
        state.nextMeetingID += Int64.random(in: 1...997)
        state.meetings.append(meeting)
        countDaily(dailyKey)
        if let failure = persistOrFail() { return failure }
        return .ok(201, meetingJSON(meeting, occurrenceID: nil, showPrevious: true))
    }

    func defaultSettings(_ family: Family) -> [String: JSONValue] {
        var settings: [String: JSONValue] = [
            "approval_type": 2, "registration_type": 1, "registrants_email_notification": true,
            "registrants_confirmation_email": true, "host_video": false, "panelists_video": false,
            "participant_video": false, "join_before_host": false, "mute_upon_entry": false, "audio": "voip",
            "auto_recording": "none", "waiting_room": false, "close_registration": false, "show_share_button": true,
            "allow_multiple_devices": true, "email_notification": true, "alternative_hosts": "",
        ]
        if family == .meeting {
            settings["panelists_video"] = nil
        } else {
            settings["participant_video"] = nil
            settings["join_before_host"] = nil
            settings["mute_upon_entry"] = nil
            settings["waiting_room"] = nil
            settings["email_notification"] = nil
        }
        return settings
    }

    // MARK: get

    func getMeeting(_ index: Int, query: [String: String]) -> APIAnswer {
        let meeting = state.meetings[index]
        if let occurrenceID = query["occurrence_id"], !occurrenceID.isEmpty,
            !meeting.occurrences.contains(where: { $0.id == occurrenceID })
        {
            return .error(400, 300, "Invalid occurrence_id: \(occurrenceID).")
        }
        return .ok(
            200,
            meetingJSON(
                meeting, occurrenceID: query["occurrence_id"],
                showPrevious: query["show_previous_occurrences"] == "true"))
    }

    // MARK: patch

    /// The host's key for Zoom's daily limit of meeting creates and updates, and the answer
    /// when the limit is reached.
    func hostDailyLimit(_ hostEmail: String) -> (key: String, exceeded: APIAnswer?) {
        let key = dailyKey("host", hostEmail)
        let exceeded = dailyLimitExceeded(
            key, limit: configuration.hostDailyCreateUpdateLimit, label: .light,
            message:
                "You have exceeded the daily rate limit of (\(configuration.hostDailyCreateUpdateLimit)) for Create/Update meeting API requests for this user. Try again later."
        )
        return (key, exceeded)
    }

    func patchMeeting(_ index: Int, query: [String: String], body: Data) -> APIAnswer {
        guard let object = parseObject(body) else { return invalidBody() }
        var meeting = state.meetings[index]
        let family: Family = meeting.isWebinar ? .webinar : .meeting
        var errors: [(String, String)] = []
        let (dailyKey, limited) = hostDailyLimit(meeting.hostEmail)
        if let limited { return limited }
        if let occurrenceID = query["occurrence_id"], !occurrenceID.isEmpty {
            guard meeting.isRecurring,
                let position = meeting.occurrences.firstIndex(where: {
                    $0.id == occurrenceID && $0.status == "available"
                })
            else {
                return .error(400, 300, "Invalid occurrence_id: \(occurrenceID).")
            }
            if let value = object["duration"], !value.isNull {
                if let minutes = value.intValue, (1...1440).contains(minutes) {
                    meeting.occurrences[position].duration = Int(minutes)
                } else {
                    errors.append(("duration", "Duration must be an integer from 1 to 1440."))
                }
            }
            if let value = object["start_time"], !value.isNull {
                let zone = TimeZone(identifier: meeting.timezone) ?? TimeZone(identifier: "UTC")!
                if let text = value.stringValue, let start = ZoomTime.parse(text, zone: zone) {
                    meeting.occurrences[position].start = start
                } else {
                    errors.append(
                        (
                            "start_time",
                            "Invalid start_time: expected yyyy-MM-ddTHH:mm:ss (local to timezone) or yyyy-MM-ddTHH:mm:ssZ (UTC)."
                        ))
                }
            }
            if !errors.isEmpty { return validationFailed(errors) }
        } else {
            if let refused = refusedAlternativeHosts(object) { return refused }
            let scheduleChanged = applyFields(object, to: &meeting, family: family, isCreate: false, errors: &errors)
            if !errors.isEmpty { return validationFailed(errors) }
            if let host = state.user(matching: meeting.hostEmail), host.type != 2,
                meeting.approvalType != 2 || family == .webinar
            {
                return .error(
                    400, 3161, "Your user account is not allowed meeting hosting and scheduling capabilities.")
            }
            if scheduleChanged { recomputeOccurrences(&meeting) }
        }
        state.meetings[index] = meeting
        countDaily(dailyKey)
        return persistOrFail() ?? .ok(204)
    }

    // MARK: delete

    func deleteMeeting(_ index: Int, query: [String: String]) -> APIAnswer {
        if let occurrenceID = query["occurrence_id"], !occurrenceID.isEmpty {
            guard
                let position = state.meetings[index].occurrences.firstIndex(where: {
                    $0.id == occurrenceID && $0.status == "available"
                })
            else {
                return .error(400, 300, "Invalid occurrence_id: \(occurrenceID).")
            }
            state.meetings[index].occurrences[position].status = "deleted"
        } else {
            state.meetings.remove(at: index)
        }
        return persistOrFail() ?? .ok(204)
    }

    // MARK: list

    func listMeetings(_ family: Family, userID: String, query: [String: String]) -> APIAnswer {
        guard let host = resolveUser(userID) else { return userNotFound(userID) }
        let type = query["type"] ?? "scheduled"
        let current = now()
        let mine = state.meetings.filter { $0.hostID == host.id && $0.isWebinar == (family == .webinar) }
        let selected: [StoredMeeting]
        if family == .webinar {
            selected = mine
        } else {
            switch type {
            case "scheduled": selected = mine
            case "upcoming", "upcoming_meetings": selected = mine.filter { $0.lastEnd > current }
            case "previous_meetings": selected = mine.filter { $0.lastEnd <= current }
            case "live": selected = []
            default: return validationFailed([("type", "Invalid type: \(type).")])
            }
        }
        let items = selected.map { meeting -> JSONValue in
            let full = meetingJSON(meeting, occurrenceID: nil, showPrevious: false)
            var item: [String: JSONValue] = [:]
            for key in [
                "uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone", "created_at",
                "join_url",
            ] {
                item[key] = full[key]
            }
            if let agenda = meeting.agenda { item["agenda"] = .string(String(agenda.prefix(250))) }
            return .object(item)
        }
        return page(items, key: "\(family.plural)|\(host.id)|\(type)", field: family.plural, query: query)
    }

    /// One page of `items` with Zoom's paging fields; `next_page_token` expires after the
    /// configured lifetime (Zoom: 15 minutes).
    func page(_ items: [JSONValue], key: String, field: String, query: [String: String]) -> APIAnswer {
        var pageSize = 30
        if let text = query["page_size"] {
            guard let size = Int(text), size >= 1 else {
                return validationFailed([("page_size", "page_size must be a positive integer.")])
            }
            pageSize = min(size, 300)
        }
        var offset = 0
        if let token = query["next_page_token"], !token.isEmpty {
            guard let cursor = pageCursors[token], cursor.key == key else {
                return .error(400, 300, "The next page token is invalid or expired.")
            }
            guard now().timeIntervalSince(cursor.created) <= configuration.pageTokenLifetime else {
                pageCursors[token] = nil
                return .error(400, 300, "The next page token is invalid or expired.")
            }
            offset = cursor.offset
        }
        let slice = Array(items.dropFirst(offset).prefix(pageSize))
        var nextToken = ""
        if offset + slice.count < items.count {
            if pageCursors.count > 10_000 {
                let current = now()
                pageCursors = pageCursors.filter {
                    current.timeIntervalSince($0.value.created) <= configuration.pageTokenLifetime
                }
            }
            nextToken = SimIDs.random(32)
            pageCursors[nextToken] = PageCursor(key: key, offset: offset + slice.count, created: now())
        }
        var object: [String: JSONValue] = [
            "page_size": .int(pageSize), "total_records": .int(items.count),
            "page_count": .int(max(1, (items.count + pageSize - 1) / pageSize)),
            "page_number": .int(offset / pageSize + 1),
            "next_page_token": .string(nextToken),
        ]
        object[field] = .array(slice)
        return .ok(200, .object(object))
    }
}
