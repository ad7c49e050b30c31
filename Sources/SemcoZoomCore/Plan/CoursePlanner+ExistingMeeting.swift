import Foundation

extension CoursePlanner {
    mutating func planExisting(
        _ meeting: ZoomMeeting, zoomRegistrants: [ZoomRegistrant], lastSent: MeetingSpec?, spec: MeetingSpec,
        registrants: [DesiredRegistrant], cancelled: Set<String>
    ) {
        let ref = MeetingRef.existing(meeting.id)
        let zone = TimeZone(identifier: spec.timezone) ?? TimeZone(identifier: "UTC")!
        var request = MeetingChange()
        var semcoFields: [String] = []
        var zoomFields: [String] = []

        /// A field that differs between SEMCO's wish and Zoom: sent when SEMCO changed it, or
        /// when it changed in Zoom and the drift policy sets it back; otherwise reported.
        func consider(
            _ field: String, differs: Bool, semcoChanged: Bool, zoomValue: @autoclosure () -> String,
            semcoValue: @autoclosure () -> String, apply: (inout MeetingChange) -> Void
        ) {
            guard differs else { return }
            if semcoChanged {
                apply(&request)
                semcoFields.append(field)
            } else if configuration.drift == .semco {
                apply(&request)
                zoomFields.append(field)
                result.diagnostics.append(
                    PlanCatalogue.drift(
                        number, field: field, zoomValue: zoomValue(), semcoValue: semcoValue(), setBack: true))
            } else {
                result.diagnostics.append(
                    PlanCatalogue.drift(
                        number, field: field, zoomValue: zoomValue(), semcoValue: semcoValue(), setBack: false))
            }
        }

        consider(
            "topic", differs: meeting.topic != spec.topic, semcoChanged: lastSent?.topic != spec.topic,
            zoomValue: "\"\(meeting.topic)\"", semcoValue: "\"\(spec.topic)\""
        ) { $0.topic = spec.topic }
        var zoomAgenda = TextTrim.whitespacesAndNewlines(meeting.agenda ?? "")
        if zoomAgenda.utf8.contains(0x0D) { zoomAgenda = zoomAgenda.replacingOccurrences(of: "\r\n", with: "\n") }
        consider(
            "agenda", differs: zoomAgenda != TextTrim.whitespacesAndNewlines(spec.agenda),
            semcoChanged: lastSent?.agenda != spec.agenda,
            zoomValue: "\"\(meeting.agenda ?? "")\"", semcoValue: "\"\(spec.agenda)\""
        ) { $0.agenda = spec.agenda }

        // Settings.
        var settingsPatch = MeetingSettings()
        let observedSettings = meeting.settings ?? MeetingSettings()
        func settingDiffers<T: Equatable>(_ observed: T?, _ desired: T?) -> Bool {
            guard let observed, let desired else { return false }
            return observed != desired
        }
        var settingsDiffer = false
        if settingDiffers(observedSettings.approval, spec.settings.approval) {
            settingsPatch.approval = spec.settings.approval
            settingsDiffer = true
        }
        if settingDiffers(observedSettings.registration, spec.settings.registration) {
            settingsPatch.registration = spec.settings.registration
            settingsDiffer = true
        }
        if settingDiffers(observedSettings.registrantsEmailNotification, spec.settings.registrantsEmailNotification) {
            settingsPatch.registrantsEmailNotification = spec.settings.registrantsEmailNotification
            settingsDiffer = true
        }
        if settingDiffers(observedSettings.registrantsConfirmationEmail, spec.settings.registrantsConfirmationEmail) {
            settingsPatch.registrantsConfirmationEmail = spec.settings.registrantsConfirmationEmail
            settingsDiffer = true
        }
        consider(
            "settings", differs: settingsDiffer, semcoChanged: lastSent?.settings != spec.settings,
            zoomValue: "approval_type \(observedSettings.approval.map { String($0.zoomType) } ?? "–")",
            semcoValue: "approval_type \(spec.settings.approval.map { String($0.zoomType) } ?? "–")"
        ) { $0.settings = settingsPatch }
        let settledHosts = considerAlternativeHosts(
            meeting, request: &request, semcoFields: &semcoFields, zoomFields: &zoomFields)

        // Schedule: the series fields in which Zoom differs from the spec (what a series PATCH carries).
        // A series is always sent from its first session still ahead (Zoom reads a past start as "now").
        let isRecurring = spec.recurrence != nil
        let seriesSpec = spec.series(after: options.now)
        let desiredSeries = OccurrenceRule.occurrences(of: seriesSpec) ?? []
        let desiredStart = LocalDateTime(seriesSpec.startTime)?.instant(in: zone)
        var series = MeetingChange()
        var seriesFields: [String] = []
        var seriesDrift: [(field: String, zoom: String, semco: String)] = []
        if meeting.kind != spec.kind {
            series.kind = spec.kind
            seriesFields.append("type")
            seriesDrift.append(("type", "\(meeting.kind.zoomType)", "\(spec.kind.zoomType)"))
        }
        let startDiffers: Bool = {
            if let tz = meeting.timezone, tz != spec.timezone { return true }
            // Leaving a series: the start Zoom shows is the next occurrence, not the series' own
            // start, which Zoom keeps for the new kind unless `start_time` is sent with it.
            if meeting.kind != spec.kind, meeting.kind.isSeries { return true }
            guard let observed = meeting.startTime, let desiredStart else { return false }
            if observed == desiredStart { return false }
            // Zoom shows a recurring meeting's next occurrence as its start: that is the desired
            // series' first occurrence, the first session ahead (moved there), or a session under
            // way. Any later occurrence would hide a first day moved earlier: the series PATCH would
            // then go out without `start_time`, and Zoom would recompute from its old start.
            if isRecurring, meeting.kind == spec.kind {
                let now = options.now
                if desiredSeries.first?.start == observed { return false }
                if let ahead = spec.sessions.first(where: { $0.start > now }), ahead.start == observed { return false }
                return !spec.sessions.contains { $0.start == observed && $0.start <= now && now < $0.end }
            }
            return true
        }()
        if startDiffers {
            series.startTime = seriesSpec.startTime
            series.timezone = seriesSpec.timezone
            seriesFields.append("start_time")
            seriesDrift.append(
                (
                    "start_time", meeting.startTime.map { LocalDateTime($0, in: zone).description } ?? "–",
                    seriesSpec.startTime
                ))
        }
        if let duration = meeting.duration, duration != seriesSpec.duration {
            series.duration = seriesSpec.duration
            seriesFields.append("duration")
            seriesDrift.append(("duration", "\(duration)", "\(seriesSpec.duration)"))
        }
        if let recurrence = seriesSpec.recurrence, !Self.sameRecurrence(meeting.recurrence, recurrence) {
            series.recurrence = recurrence
            seriesFields.append("recurrence")
            seriesDrift.append(("recurrence", Self.describe(meeting.recurrence), Self.describe(recurrence)))
        }
        // SEMCO changed the schedule when what it says now is not what was last sent.
        let semcoSchedule =
            lastSent.map {
                $0.kind != spec.kind || $0.startTime != spec.startTime || $0.timezone != spec.timezone
                    || $0.duration != spec.duration
                    || $0.recurrence != spec.recurrence || $0.sessions != spec.sessions
            } ?? true

        /// Sends the series fields (merged into the one PATCH) and redoes the occurrence fixes
        /// against the series as Zoom recomputes it.
        func patchSeries(_ fields: MeetingChange, names: [String], fromZoom: Bool) {
            var fields = fields
            // Zoom recomputes the occurrences of a re-sent recurrence from the series' own start,
            // which it keeps unless `start_time` comes with it. The recurrence is counted from the
            // first session ahead: for a series under way that start lies before it, and the
            // last sessions would be lost (soak seeds 6101 and 8303). So the start goes with it.
            if fields.recurrence != nil, fields.startTime == nil {
                fields.startTime = seriesSpec.startTime
                fields.timezone = seriesSpec.timezone
            }
            if let v = fields.kind { request.kind = v }
            if let v = fields.startTime {
                request.startTime = v
                request.timezone = fields.timezone
            }
            if let v = fields.duration { request.duration = v }
            if let v = fields.recurrence { request.recurrence = v }
            if fromZoom { zoomFields += names } else { semcoFields += names }
        }
        var seriesPatched = false

        let listed = meeting.occurrences?.filter(\.isAvailable)
        if isRecurring, meeting.kind == spec.kind, listed == nil {
            // No occurrence list to compare with: only SEMCO's own schedule changes are sent.
            if semcoSchedule, !seriesFields.isEmpty {
                patchSeries(
                    MeetingChange(
                        startTime: seriesSpec.startTime, timezone: seriesSpec.timezone, duration: seriesSpec.duration,
                        recurrence: seriesSpec.recurrence),
                    names: ["start_time", "duration", "recurrence"], fromZoom: false)
                seriesPatched = true
            }
        } else if !isRecurring || meeting.kind != spec.kind || listed == nil {
            // Field by field: a scheduled meeting, a change of kind, or no occurrence list to go by.
            if !seriesFields.isEmpty {
                if semcoSchedule {
                    patchSeries(series, names: seriesFields, fromZoom: false)
                    seriesPatched = true
                } else {
                    for item in seriesDrift {
                        result.diagnostics.append(
                            PlanCatalogue.drift(
                                number, field: item.field, zoomValue: item.zoom, semcoValue: item.semco,
                                setBack: configuration.drift == .semco))
                    }
                    if configuration.drift == .semco {
                        patchSeries(series, names: seriesFields, fromZoom: true)
                        seriesPatched = true
                    }
                }
            }
        } else if let listed {
            // A series with its occurrence list: what matters is that the available occurrences
            // equal the sessions. Either fix occurrences as they are, or send the series again
            // (which resets them) and fix the fresh ones: whichever spends fewer daily writes.
            let observed = listed.map {
                SeriesOccurrence(originalStart: Self.originalStart($0), start: $0.startTime, duration: $0.duration)
            }
            let asIs = OccurrenceRule.fixes(
                occurrences: observed, sessions: spec.sessions, timeZone: zone, after: options.now)
            let fresh = OccurrenceRule.fixes(
                occurrences: desiredSeries, sessions: spec.sessions, timeZone: zone, after: options.now)
            let lastByDay = Dictionary((lastSent?.sessions ?? []).map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
            let desiredByDay = Dictionary(spec.sessions.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
            // A day's difference is Zoom's doing when SEMCO's wish for the day is what was last sent.
            let zoomDay: (CalendarDay) -> Bool = { day in lastSent != nil && lastByDay[day] == desiredByDay[day] }
            if !asIs.isEmpty {
                var resend = series
                var resendFields = seriesFields
                if resend.isEmpty {
                    resend.startTime = seriesSpec.startTime
                    resend.timezone = seriesSpec.timezone
                    resend.recurrence = seriesSpec.recurrence
                    resendFields = ["recurrence"]
                }
                let costAsIs = asIs.missing.isEmpty ? asIs.moves.count : Int.max
                let costFresh = 1 + fresh.moves.count
                let callsAsIs = asIs.moves.count + asIs.deletions.count
                let callsFresh = 1 + fresh.moves.count + fresh.deletions.count
                let missingFromZoom = !asIs.missing.isEmpty && asIs.missing.allSatisfy { zoomDay($0.day) }
                let zoomCaused = asIs.missing.isEmpty ? !semcoSchedule : missingFromZoom
                let preferFresh = costFresh < costAsIs || (costFresh == costAsIs && callsFresh < callsAsIs)
                if preferFresh && !(zoomCaused && configuration.drift == .report) {
                    if zoomCaused {
                        let days = (asIs.missing.map(\.day) + asIs.moves.map(\.session.day)).map(\.german)
                        result.diagnostics.append(
                            PlanCatalogue.drift(
                                number, field: "occurrence", zoomValue: "–",
                                semcoValue: days.joined(separator: ", "), setBack: true))
                    }
                    patchSeries(resend, names: resendFields, fromZoom: zoomCaused)
                    seriesPatched = true
                } else {
                    var partial = asIs
                    if !asIs.missing.isEmpty {
                        // Only a series PATCH brings a deleted occurrence back; under `drift: report` it is reported.
                        result.diagnostics.append(
                            PlanCatalogue.drift(
                                number, field: "occurrence", zoomValue: "–",
                                semcoValue: asIs.missing.map(\.day.german).joined(separator: ", "),
                                setBack: false))
                        partial.missing = []
                    }
                    addFixes(partial, ref: ref, zone: zone, fromZoom: zoomDay)
                }
            }
        }

        if !request.isEmpty {
            add(.updateMeeting(ref, request: request), PlanCatalogue.reasonUpdate(semco: semcoFields, zoom: zoomFields))
        }
        if seriesPatched, isRecurring {
            addSeriesFixes(spec: seriesSpec, ref: ref)
        }

        // What Zoom lists is written into the state before anything is planned on it.
        let inZoom = Self.byAddress(zoomRegistrants)
        let observed = ObservedRegistrants.heal(managed?.registrants ?? [:], inZoom: inZoom)
        reportCorrections(observed.corrections, desired: Set(registrants.map(\.key)))

        // Batch registration only while the meeting stays a scheduled one (no change of type planned).
        planRegistrants(
            ref: ref, zoomRegistrants: zoomRegistrants, known: observed.registrants, registrants: registrants,
            cancelled: cancelled, batchKind: meeting.kind == spec.kind ? spec.kind : nil)

        // State-only corrections: what Zoom already holds, recorded without a call. Only what
        // differs is written, so that a course in step copies none of its registrants.
        if var update = managed, update.meetingID == meeting.id {
            if let moved = HostChanges.accept(meeting, into: &update, now: options.now) {
                result.diagnostics.append(moved)
                result.host = update.host
            }
            let inStep =
                request.isEmpty && !seriesPatched && !result.actions.contains(where: { $0.kind.isMeetingWork })
                && !result.diagnostics.contains(where: { $0.code.hasPrefix("zoom.drift-") })
            update = update.takingIn(
                meeting, healed: observed.registrants, inZoom: inZoom, desired: registrants,
                inStep: inStep ? spec : nil)
            if update != managed { result.stateUpdate = update }
        }
        recordAlternativeHosts(settledHosts, meeting: meeting)
    }
}
