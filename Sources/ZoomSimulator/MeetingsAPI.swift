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
        let dailyKey = dailyKey("host", host.email)
        if let limited = dailyLimitExceeded(
            dailyKey, limit: configuration.hostDailyCreateUpdateLimit, label: .light,
            message:
                "You have exceeded the daily rate limit of (\(configuration.hostDailyCreateUpdateLimit)) for Create/Update meeting API requests for this user. Try again later."
        ) {
            return limited
        }
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

    // MARK: field validation shared by create and patch

    /// Applies the fields of a create or series-patch body; returns whether schedule fields changed.
    @discardableResult
    func applyFields(
        _ body: [String: JSONValue], to meeting: inout StoredMeeting, family: Family, isCreate: Bool,
        errors: inout [(String, String)]
    ) -> Bool {
        var scheduleChanged = false
        if let value = body["topic"], !value.isNull {
            if let topic = value.stringValue, topic.count <= 200 {
                meeting.topic = topic
            } else {
                errors.append(("topic", "Topic must be a string of at most 200 characters."))
            }
        }
        if let value = body["agenda"], !value.isNull {
            if let agenda = value.stringValue, agenda.count <= 2000 {
                meeting.agenda = agenda
            } else {
                errors.append(("agenda", "Agenda must be a string of at most 2000 characters."))
            }
        }
        if let value = body["type"], !value.isNull {
            let allowed: Set<Int64> = family == .meeting ? [2, 8] : [5, 9]
            if let type = value.intValue, allowed.contains(type) {
                if Int(type) != meeting.type { scheduleChanged = true }
                meeting.type = Int(type)
            } else {
                errors.append(
                    (
                        "type",
                        family == .meeting
                            ? "Invalid meeting type: the simulator serves 2 (scheduled) and 8 (recurring, fixed time)."
                            : "Invalid webinar type: the simulator serves 5 (webinar) and 9 (recurring, fixed time)."
                    ))
            }
        }
        if let value = body["timezone"], !value.isNull {
            if let name = value.stringValue, !name.isEmpty, TimeZone(identifier: name) != nil {
                meeting.timezone = name
                scheduleChanged = true
            } else {
                errors.append(("timezone", "Invalid timezone: \(value.stringValue ?? value.serialized())."))
            }
        }
        if let value = body["duration"], !value.isNull {
            if let minutes = value.intValue, (1...1440).contains(minutes) {
                meeting.duration = Int(minutes)
                scheduleChanged = true
            } else {
                errors.append(("duration", "Duration must be an integer from 1 to 1440."))
            }
        }
        if let value = body["password"], !value.isNull {
            if let password = value.stringValue, password.count <= 10 {
                meeting.password = password
            } else {
                errors.append(("password", "Password must be a string of at most 10 characters."))
            }
        }
        if let value = body["start_time"], !value.isNull {
            let zone = TimeZone(identifier: meeting.timezone) ?? TimeZone(identifier: "UTC")!
            if let text = value.stringValue, let start = ZoomTime.parse(text, zone: zone) {
                // A start in the past means "now", as in Zoom.
                meeting.startTime = max(start, now())
                scheduleChanged = true
            } else {
                errors.append(
                    (
                        "start_time",
                        "Invalid start_time: expected yyyy-MM-ddTHH:mm:ss (local to timezone) or yyyy-MM-ddTHH:mm:ssZ (UTC)."
                    ))
            }
        } else if isCreate {
            meeting.startTime = now()
        }
        if let value = body["recurrence"], !value.isNull {
            if let object = value.objectValue, let recurrence = parseRecurrence(object, errors: &errors) {
                meeting.recurrence = recurrence
                scheduleChanged = true
            } else if value.objectValue == nil {
                errors.append(("recurrence", "Recurrence must be an object."))
            }
        }
        if let value = body["settings"], !value.isNull {
            if let object = value.objectValue {
                var settings = meeting.settings
                for (key, item) in object {
                    switch key {
                    case "approval_type":
                        guard let v = item.intValue, [0, 1, 2].contains(v) else {
                            errors.append(("settings.approval_type", "approval_type must be 0, 1 or 2."))
                            continue
                        }
                    case "registration_type":
                        guard let v = item.intValue, [1, 2, 3].contains(v) else {
                            errors.append(("settings.registration_type", "registration_type must be 1, 2 or 3."))
                            continue
                        }
                    case "registrants_email_notification", "registrants_confirmation_email", "host_video",
                        "participant_video",
                        "join_before_host", "mute_upon_entry", "waiting_room", "close_registration":
                        guard item.boolValue != nil else {
                            errors.append(("settings.\(key)", "\(key) must be a boolean."))
                            continue
                        }
                    default:
                        break
                    }
                    settings[key] = item
                }
                meeting.settings = settings
            } else {
                errors.append(("settings", "Settings must be an object."))
            }
        }
        if meeting.isRecurring && meeting.recurrence == nil && (body["recurrence"] ?? .null).isNull {
            errors.append(
                ("recurrence", "A recurring meeting with a fixed time (type \(meeting.type)) needs a recurrence."))
        }
        return scheduleChanged
    }

    func parseRecurrence(_ object: [String: JSONValue], errors: inout [(String, String)]) -> StoredRecurrence? {
        let before = errors.count
        func int(_ key: String) -> Int? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let i = value.intValue else {
                errors.append(("recurrence.\(key)", "\(key) must be an integer."))
                return nil
            }
            return Int(i)
        }
        guard let type = int("type"), (1...3).contains(type) else {
            errors.append(("recurrence.type", "Recurrence type must be 1 (daily), 2 (weekly) or 3 (monthly)."))
            return nil
        }
        let interval = int("repeat_interval") ?? 1
        let maxInterval = [1: 90, 2: 12, 3: 3][type]!
        if !(1...maxInterval).contains(interval) {
            errors.append(
                (
                    "recurrence.repeat_interval",
                    "repeat_interval must be from 1 to \(maxInterval) for this recurrence type."
                ))
        }
        var recurrence = StoredRecurrence(type: type, repeatInterval: interval)
        if type == 2 {
            let text: String
            if let value = object["weekly_days"], !value.isNull {
                text = value.stringValue ?? (value.intValue.map { String($0) } ?? "")
            } else {
                text = "1"
            }
            let days = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if days.isEmpty || days.contains(where: { $0 == nil || !(1...7).contains($0!) }) {
                errors.append(
                    (
                        "recurrence.weekly_days",
                        "weekly_days must list days 1 (Sunday) to 7 (Saturday), comma-separated."
                    ))
            } else {
                recurrence.weeklyDays = Array(Set(days.map { $0! })).sorted()
            }
        }
        if type == 3 {
            recurrence.monthlyDay = int("monthly_day")
            recurrence.monthlyWeek = int("monthly_week")
            recurrence.monthlyWeekDay = int("monthly_week_day")
            if let day = recurrence.monthlyDay, !(1...31).contains(day) {
                errors.append(("recurrence.monthly_day", "monthly_day must be from 1 to 31."))
            }
            if recurrence.monthlyDay == nil && (recurrence.monthlyWeek == nil || recurrence.monthlyWeekDay == nil) {
                recurrence.monthlyDay = 1
            }
        }
        recurrence.endTimes = int("end_times")
        if let times = recurrence.endTimes, !(1...ZoomTime.maxOccurrences).contains(times) {
            errors.append(("recurrence.end_times", "end_times must be from 1 to 50."))
        }
        if let value = object["end_date_time"], !value.isNull {
            if let text = value.stringValue, text.hasSuffix("Z"),
                let end = ZoomTime.parse(text, zone: TimeZone(identifier: "UTC")!)
            {
                recurrence.endDateTime = end
            } else {
                errors.append(
                    ("recurrence.end_date_time", "end_date_time must be a UTC time like 2027-04-16T22:00:00Z."))
            }
            if recurrence.endTimes != nil {
                errors.append(("recurrence.end_times", "Use end_times or end_date_time, not both."))
            }
        }
        return errors.count == before ? recurrence : nil
    }

    /// Recomputes a recurring meeting's occurrences from its schedule (per-occurrence edits
    /// and deletions are discarded).
    func recomputeOccurrences(_ meeting: inout StoredMeeting) {
        guard meeting.isRecurring, let recurrence = meeting.recurrence else {
            meeting.occurrences = []
            return
        }
        let zone = TimeZone(identifier: meeting.timezone) ?? TimeZone(identifier: "UTC")!
        let starts = ZoomTime.occurrences(start: meeting.startTime, zone: zone, recurrence: recurrence)
        meeting.occurrences = starts.map {
            StoredOccurrence(id: ZoomTime.occurrenceID($0), start: $0, duration: meeting.duration, status: "available")
        }
    }

    func parseObject(_ body: Data) -> [String: JSONValue]? {
        guard !body.isEmpty, let value = try? JSONValue.parse(body) else { return nil }
        return value.objectValue
    }

    func invalidBody() -> APIAnswer { .error(400, 300, "Request Body should be a valid JSON object.") }

    func validationFailed(_ errors: [(String, String)]) -> APIAnswer {
        .error(400, 300, "Validation Failed.", fields: errors)
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

    func joinURL(_ meeting: StoredMeeting) -> String {
        "\(baseURL)/\(meeting.isWebinar ? "w" : "j")/\(meeting.id)?pwd=\(meeting.joinToken)"
    }

    func meetingJSON(_ meeting: StoredMeeting, occurrenceID: String?, showPrevious: Bool) -> JSONValue {
        var start = meeting.startTime
        var duration = meeting.duration
        let visible = meeting.occurrences.filter {
            showPrevious || $0.start.addingTimeInterval(TimeInterval($0.duration * 60)) > now()
        }
        if meeting.isRecurring {
            if let id = occurrenceID, let occurrence = meeting.occurrences.first(where: { $0.id == id }) {
                start = occurrence.start
                duration = occurrence.duration
            } else if let next = meeting.occurrences.first(where: {
                $0.status == "available" && $0.start.addingTimeInterval(TimeInterval($0.duration * 60)) > now()
            })
                ?? meeting.occurrences.first(where: { $0.status == "available" })
            {
                start = next.start
            }
        }
        var object: [String: JSONValue] = [
            "uuid": .string(meeting.uuid), "id": .int(meeting.id), "host_id": .string(meeting.hostID),
            "host_email": .string(meeting.hostEmail), "topic": .string(meeting.topic), "type": .int(meeting.type),
            "start_time": .string(ZoomTime.format(start)), "duration": .int(duration),
            "timezone": .string(meeting.timezone),
            "created_at": .string(ZoomTime.format(meeting.createdAt)),
            "start_url": .string("\(baseURL)/s/\(meeting.id)?zak=\(SimIDs.random(40))"),
            "join_url": .string(joinURL(meeting)), "password": .string(meeting.password),
            "settings": .object(meeting.settings), "creation_source": "open_api",
        ]
        if !meeting.isWebinar {
            object["status"] = "waiting"
            object["pre_schedule"] = false
            object["h323_password"] = .string(String(repeating: "1", count: 6))
            object["pstn_password"] = .string(String(repeating: "1", count: 6))
            object["encrypted_password"] = .string(meeting.joinToken)
        }
        if let agenda = meeting.agenda { object["agenda"] = .string(agenda) }
        if meeting.approvalType != 2 {
            object["registration_url"] = .string(
                "\(baseURL)/\(meeting.isWebinar ? "webinar" : "meeting")/register/\(meeting.registrationToken)")
        }
        if meeting.isRecurring, let recurrence = meeting.recurrence {
            object["occurrences"] = .array(visible.map(occurrenceJSON))
            object["recurrence"] = recurrenceJSON(recurrence)
        }
        return .object(object)
    }

    func occurrenceJSON(_ occurrence: StoredOccurrence) -> JSONValue {
        [
            "occurrence_id": .string(occurrence.id), "start_time": .string(ZoomTime.format(occurrence.start)),
            "duration": .int(occurrence.duration), "status": .string(occurrence.status),
        ]
    }

    func recurrenceJSON(_ recurrence: StoredRecurrence) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": .int(recurrence.type), "repeat_interval": .int(recurrence.repeatInterval),
        ]
        if let days = recurrence.weeklyDays {
            object["weekly_days"] = .string(days.map(String.init).joined(separator: ","))
        }
        if let day = recurrence.monthlyDay { object["monthly_day"] = .int(day) }
        if let week = recurrence.monthlyWeek { object["monthly_week"] = .int(week) }
        if let weekday = recurrence.monthlyWeekDay { object["monthly_week_day"] = .int(weekday) }
        if let end = recurrence.endDateTime {
            object["end_date_time"] = .string(ZoomTime.format(end))
        } else {
            object["end_times"] = .int(recurrence.endTimes ?? 1)
        }
        return .object(object)
    }

    // MARK: patch

    func patchMeeting(_ index: Int, query: [String: String], body: Data) -> APIAnswer {
        guard let object = parseObject(body) else { return invalidBody() }
        var meeting = state.meetings[index]
        let family: Family = meeting.isWebinar ? .webinar : .meeting
        var errors: [(String, String)] = []
        let dailyKey = dailyKey("host", meeting.hostEmail)
        if let limited = dailyLimitExceeded(
            dailyKey, limit: configuration.hostDailyCreateUpdateLimit, label: .light,
            message:
                "You have exceeded the daily rate limit of (\(configuration.hostDailyCreateUpdateLimit)) for Create/Update meeting API requests for this user. Try again later."
        ) {
            return limited
        }
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
