import Foundation

/// The fields of a meeting or webinar body, checked as Zoom checks them (create and patch).
extension SimulatorEngine {
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
}
