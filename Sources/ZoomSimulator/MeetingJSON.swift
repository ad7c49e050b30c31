import Foundation

/// A stored meeting or webinar as Zoom shows it (get and list).
extension SimulatorEngine {
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
}
