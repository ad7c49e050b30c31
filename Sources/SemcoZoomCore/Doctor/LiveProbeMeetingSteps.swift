import Foundation

/// The meeting steps of `doctor --live`: a recurring meeting across a daylight-saving change,
/// per-occurrence edits, series PATCHes, the single meeting, deletes.
extension LiveProbe {
    private var t: (String, String) -> LocalizedText { Self.t }

    /// The series' occurrences as Zoom lists them (`GET /meetings/{id}`, with previous ones).
    private func occurrences(_ id: ZoomMeetingID) async throws -> [ZoomOccurrence] {
        try await client.getMeeting(id: id, context: .none).occurrences ?? []
    }

    private func available(_ list: [ZoomOccurrence], _ occurrenceID: String) -> ZoomOccurrence? {
        list.first { $0.occurrenceID == occurrenceID && $0.isAvailable }
    }

    /// Type 8, weekly, 3 occurrences across the next DST change, manual approval, no e-mails.
    func createSeriesStep() async {
        let expectedIDs = plan.expectedStarts.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) }
        await step(
            "create-series", [.occurrencesWallClock, .settingsEcho, .meetingIDs],
            expects: t(
                "201; 3 Termine zur selben Ortszeit (\(plan.zone.identifier)) auch nach der Zeitumstellung; occurrence_id = Epoch-ms des Beginns; settings wie gesendet.",
                "201; 3 occurrences at the same local time (\(plan.zone.identifier)) across the clock change; occurrence_id = epoch ms of the start; settings as sent."
            ),
            summary: t(
                "Serienmeeting mit Registrierung über die Zeitumstellung angelegt",
                "recurring meeting with registration across the clock change created")
        ) { s in
            attemptedCreate = true
            let meeting = try await client.createMeeting(host: plan.host, plan.seriesRequest, context: .none)
            seriesID = meeting.id
            created.append(meeting.id)
            s.compare("status", "201", String(lastStatus() ?? 0))
            s.compare("id", "int64", String(meeting.id), agrees: meeting.id > 0, .meetingIDs)
            s.compare("type", "8", String(meeting.kind.zoomType), agrees: nil, .settingsEcho)
            s.compare(
                "agenda marker", plan.marker, meeting.agenda.map { String($0.prefix(plan.marker.count)) } ?? "-",
                agrees: nil, .settingsEcho)
            let settings = meeting.settings
            s.compare(
                "settings.approval_type", "1", settings?.approval.map { String($0.zoomType) } ?? "-", agrees: nil,
                .settingsEcho)
            s.compare(
                "settings.registration_type", "1", settings?.registration.map { String($0.zoomType) } ?? "-",
                agrees: nil,
                .settingsEcho)
            s.compare(
                "settings.registrants_email_notification", "false",
                settings?.registrantsEmailNotification.map(String.init) ?? "-", agrees: nil, .settingsEcho)
            s.compare(
                "settings.registrants_confirmation_email", "false",
                settings?.registrantsConfirmationEmail.map(String.init) ?? "-", agrees: nil, .settingsEcho)
            let listed = (meeting.occurrences ?? []).sorted { $0.startTime < $1.startTime }
            seriesOccurrenceIDs = listed.map(\.occurrenceID)
            s.compare("occurrences", "3", String(listed.count), agrees: nil, .occurrencesWallClock)
            for (index, expected) in plan.expectedStarts.enumerated() {
                let actual = index < listed.count ? listed[index] : nil
                s.compare(
                    "occurrences[\(index)].start_time", Self.instant(expected), Self.instant(actual?.startTime),
                    agrees: nil, .occurrencesWallClock)
                s.compare(
                    "occurrences[\(index)].occurrence_id", expectedIDs[index], actual?.occurrenceID ?? "-", agrees: nil,
                    .meetingIDs)
            }
            // What `GET /meetings/{id}` lists afterwards (the sync reads occurrences there).
            let read = try await occurrences(meeting.id).sorted { $0.startTime < $1.startTime }
            s.compare(
                "GET occurrences", plan.expectedStarts.map(Self.instant).joined(separator: " "),
                read.filter(\.isAvailable).map { Self.instant($0.startTime) }.joined(separator: " "), agrees: nil,
                .occurrencesWallClock)
        }
    }

    /// The series in the host's list: once, with its marker at the agenda's start.
    func listMeetingsStep() async {
        await step(
            "list-meetings", [.meetingList],
            expects: t(
                "GET /users/{userId}/meetings?type=upcoming listet die Serie einmal, Agenda beginnt mit der Markierung, start_time ist der erste Termin.",
                "GET /users/{userId}/meetings?type=upcoming lists the series once, its agenda starting with the marker, start_time its first occurrence."
            ),
            summary: t("Serie in der Meetingliste des Moderators", "series in the host's meeting list")
        ) { s in
            let id = try need(seriesID, "series")
            let items = try await client.listMeetings(host: plan.host, context: .none).filter { $0.id == id }
            s.compare("entries", "1", String(items.count))
            s.compare(
                "agenda", plan.marker + "…",
                items.first?.agenda.map { String($0.prefix(plan.marker.count)) + "…" } ?? "-")
            s.compare("type", "8", items.first.map { String($0.kind.zoomType) } ?? "-")
            s.compare("start_time", Self.instant(plan.expectedStarts[0]), Self.instant(items.first?.startTime))
        }
    }

    /// PATCH ?occurrence_id= of the second occurrence: one hour later, its id unchanged.
    func moveOccurrenceStep() async {
        await step(
            "move-occurrence", [.occurrencePatch],
            expects: t(
                "204; nur dieser Termin liegt eine Stunde später, seine occurrence_id bleibt, die anderen bleiben.",
                "204; only this occurrence is an hour later, its occurrence_id stays, the others stay."),
            summary: t("Einen Termin verschoben", "one occurrence moved")
        ) { s in
            let id = try seriesWithThreeOccurrences()
            try await client.updateMeeting(
                id: id, occurrenceID: seriesOccurrenceIDs[1],
                MeetingChange(startTime: plan.movedLocal, duration: Self.duration), context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            let list = try await occurrences(id)
            s.compare(
                "occurrences[1].start_time", Self.instant(plan.movedStart),
                Self.instant(available(list, seriesOccurrenceIDs[1])?.startTime))
            s.compare(
                "occurrences[0].start_time", Self.instant(plan.expectedStarts[0]),
                Self.instant(available(list, seriesOccurrenceIDs[0])?.startTime))
            s.compare(
                "occurrences[2].start_time", Self.instant(plan.expectedStarts[2]),
                Self.instant(available(list, seriesOccurrenceIDs[2])?.startTime))
        }
    }

    static var duration: Int { LiveProbePlan.duration }

    /// The series the occurrence steps work on, with the three occurrences they expect.
    func seriesWithThreeOccurrences() throws -> ZoomMeetingID {
        let id = try need(seriesID, "series")
        guard seriesOccurrenceIDs.count == 3 else {
            throw ProbeFailure(
                text: t("nicht ausgeführt: die Serie hat nicht 3 Termine", "not run: the series has not 3 occurrences"))
        }
        return id
    }

    /// DELETE ?occurrence_id= of the third occurrence: no longer available.
    func deleteOccurrenceStep() async {
        await step(
            "delete-occurrence", [.occurrenceDelete],
            expects: t(
                "204; der Termin ist danach nicht mehr verfügbar (Status „deleted“ oder nicht gelistet).",
                "204; the occurrence is no longer available (status deleted or not listed)."),
            summary: t("Einen Termin gelöscht", "one occurrence deleted")
        ) { s in
            let id = try seriesWithThreeOccurrences()
            try await client.deleteMeeting(
                id: id, occurrenceID: seriesOccurrenceIDs[2], notifyRegistrants: false, context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            let list = try await occurrences(id)
            let third = list.first { $0.occurrenceID == seriesOccurrenceIDs[2] }
            s.compare(
                "occurrences[2].status", "deleted|absent", third?.status ?? "absent", agrees: third?.isAvailable != true
            )
            s.compare("available occurrences", "2", String(list.filter(\.isAvailable).count))
        }
    }

    /// A PATCH of the deleted occurrence: refused with 400/300.
    func patchDeletedOccurrenceStep() async {
        await step(
            "patch-deleted-occurrence", [.occurrencePatchDeleted],
            expects: t("400 mit code 300; nichts geändert.", "400 with code 300; nothing changed."),
            summary: t("Gelöschten Termin ändern wird abgelehnt", "changing a deleted occurrence is refused")
        ) { s in
            let id = try seriesWithThreeOccurrences()
            do {
                try await client.updateMeeting(
                    id: id, occurrenceID: seriesOccurrenceIDs[2],
                    MeetingChange(startTime: plan.localStarts[2], duration: Self.duration), context: .none)
                s.compare("answer", "400/300", "\(lastStatus() ?? 0)")
            } catch let error as ZoomError {
                guard case .api(let status, let code, let message, _) = error else { throw error }
                s.compare("answer", "400/300", "\(status)/\(code.map(String.init) ?? "-")")
                s.detail = t("Zoom: \(message)", "Zoom: \(message)")
            }
        }
    }

    /// PATCH of the series topic: moved and deleted occurrences stay as they are.
    func patchTopicStep() async {
        await step(
            "patch-topic", [.seriesPatchKeeps],
            expects: t(
                "204; neuer Topic; der verschobene Termin bleibt verschoben, der gelöschte gelöscht.",
                "204; new topic; the moved occurrence stays moved, the deleted one deleted."),
            summary: t("Topic der Serie geändert", "series topic changed")
        ) { s in
            let id = try seriesWithThreeOccurrences()
            try await client.updateMeeting(
                id: id, occurrenceID: nil, MeetingChange(topic: plan.changedTopic), context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            let meeting = try await client.getMeeting(id: id, context: .none)
            s.compare("topic", "changed", meeting.topic == plan.changedTopic ? "changed" : "not changed")
            let list = meeting.occurrences ?? []
            s.compare(
                "occurrences[1].start_time", Self.instant(plan.movedStart),
                Self.instant(available(list, seriesOccurrenceIDs[1])?.startTime))
            s.compare(
                "occurrences[2]", "not available",
                available(list, seriesOccurrenceIDs[2]) == nil ? "not available" : "available again")
        }
    }

    /// PATCH of the series duration: Zoom recomputes every occurrence from the schedule.
    func patchDurationStep() async {
        await step(
            "patch-duration", [.seriesPatchRecomputes],
            expects: t(
                "204; alle Termine neu aus dem Zeitplan berechnet: Verschiebung und Löschung verworfen, Dauer \(LiveProbePlan.changedDuration).",
                "204; every occurrence recomputed from the schedule: move and deletion discarded, duration \(LiveProbePlan.changedDuration)."
            ),
            summary: t("Dauer der Serie geändert", "series duration changed")
        ) { s in
            let id = try need(seriesID, "series")
            try await client.updateMeeting(
                id: id, occurrenceID: nil, MeetingChange(duration: LiveProbePlan.changedDuration), context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            let list = try await occurrences(id).filter(\.isAvailable).sorted { $0.startTime < $1.startTime }
            s.compare(
                "available starts", plan.expectedStarts.map(Self.instant).joined(separator: " "),
                list.map { Self.instant($0.startTime) }.joined(separator: " "))
            s.compare(
                "durations", "\(LiveProbePlan.changedDuration) ×3",
                list.map { String($0.duration) }.joined(separator: " "),
                agrees: list.count == 3 && list.allSatisfy { $0.duration == LiveProbePlan.changedDuration })
        }
    }

    /// A single-session meeting (type 2) with registration, for the batch registration.
    func createSingleStep() async {
        await step(
            "create-single", [.settingsEcho],
            expects: t("201; type 2; settings wie gesendet.", "201; type 2; settings as sent."),
            summary: t("Einzelmeeting mit Registrierung angelegt", "single meeting with registration created")
        ) { s in
            attemptedCreate = true
            let meeting = try await client.createMeeting(host: plan.host, plan.singleRequest, context: .none)
            singleID = meeting.id
            created.append(meeting.id)
            s.compare("status", "201", String(lastStatus() ?? 0))
            s.compare("type", "2", String(meeting.kind.zoomType))
            s.compare("start_time", Self.instant(plan.singleStart), Self.instant(meeting.startTime))
            s.compare("settings.approval_type", "1", meeting.settings?.approval.map { String($0.zoomType) } ?? "-")
        }
    }

    /// DELETE both meetings without reminders.
    func deleteMeetingsStep() async {
        await step(
            "delete-meetings", [.deleteWithoutReminder],
            expects: t(
                "204 für jedes Meeting (cancel_meeting_reminder=false).",
                "204 for each meeting (cancel_meeting_reminder=false)."),
            summary: t("Beide Meetings gelöscht", "both meetings deleted")
        ) { s in
            for (name, id) in [("series", seriesID), ("single", singleID)] {
                guard let id else { continue }
                try await client.deleteMeeting(id: id, occurrenceID: nil, notifyRegistrants: false, context: .none)
                deleted.insert(id)
                s.compare("\(name) status", "204", String(lastStatus() ?? 0))
            }
            if s.comparisons.isEmpty {
                throw ProbeFailure(text: t("nicht ausgeführt: kein Meeting angelegt", "not run: no meeting created"))
            }
        }
    }

    /// GET of a deleted meeting: 404 / 3001, the one answer the sync reads as "deleted in Zoom".
    func deletedMeetingGoneStep() async {
        await step(
            "get-deleted", [.deletedMeetingGone],
            expects: t("404 mit code 3001.", "404 with code 3001."),
            summary: t("Gelöschte Meetings antworten 404/3001", "deleted meetings answer 404/3001")
        ) { s in
            let ids = [seriesID, singleID].compactMap { $0 }.filter { deleted.contains($0) }
            if ids.isEmpty {
                throw ProbeFailure(text: t("nicht ausgeführt: kein Meeting gelöscht", "not run: no meeting deleted"))
            }
            for id in ids {
                let name = id == seriesID ? "series" : "single"
                do {
                    _ = try await client.getMeeting(id: id, context: .none)
                    s.compare("\(name) answer", "404/3001", String(lastStatus() ?? 0))
                    deleted.remove(id)  // still there: the cleanup deletes it again
                } catch let error as ZoomError {
                    guard case .api(let status, let code, _, _) = error else { throw error }
                    s.compare("\(name) answer", "404/3001", "\(status)/\(code.map(String.init) ?? "-")")
                }
            }
        }
    }
}

extension LiveProbePlan {
    /// The single meeting's instant.
    var singleStart: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(byAdding: .day, value: 1, to: expectedStarts[0])!
    }
}
