import Foundation

extension CoursePlanner {
    // MARK: - Occurrence fixes

    /// Occurrence fixes against the series as Zoom computes it from `spec` (after a create or a
    /// series PATCH, when every occurrence is available at the series time).
    mutating func addSeriesFixes(spec: MeetingSpec, ref: MeetingRef) {
        guard spec.recurrence != nil, let zone = TimeZone(identifier: spec.timezone),
            let series = OccurrenceRule.occurrences(of: spec)
        else { return }
        let fixes = OccurrenceRule.fixes(
            occurrences: series, sessions: spec.sessions, timeZone: zone, after: options.now)
        addFixes(fixes, ref: ref, zone: zone) { _ in false }
    }

    mutating func addFixes(
        _ fixes: OccurrenceRule.Fixes, ref: MeetingRef, zone: TimeZone, fromZoom: (CalendarDay) -> Bool
    ) {
        // Deletes and moves in time order of the occurrences, so the log reads like a calendar.
        enum Fix {
            case delete(SeriesOccurrence)
            case move(OccurrenceRule.Fixes.Move)
        }
        var all: [(Date, Fix)] = fixes.deletions.map { ($0.start, .delete($0)) }
        all += fixes.moves.map { ($0.occurrence.start, .move($0)) }
        for (_, fix) in all.sorted(by: { $0.0 < $1.0 }) {
            switch fix {
            case .delete(let occurrence):
                let day = CalendarDay(occurrence.start, in: zone)
                let zoomSide = fromZoom(day)
                if zoomSide && configuration.drift == .report {
                    result.diagnostics.append(
                        PlanCatalogue.drift(
                            number, field: "occurrence", zoomValue: day.german,
                            semcoValue: "–", setBack: false))
                    continue
                }
                if zoomSide {
                    result.diagnostics.append(
                        PlanCatalogue.drift(
                            number, field: "occurrence", zoomValue: day.german,
                            semcoValue: "–", setBack: true))
                }
                let reason =
                    ref == .created(number)
                    ? PlanCatalogue.reasonSeriesOccurrenceDelete
                    : PlanCatalogue.reasonOccurrenceDelete(fromZoom: zoomSide, day: day)
                add(.deleteOccurrence(ref, occurrenceStart: occurrence.start), reason)
            case .move(let move):
                let day = move.session.day
                let zoomSide = fromZoom(day)
                if zoomSide && configuration.drift == .report {
                    let zoomTime = LocalDateTime(move.occurrence.start, in: zone)
                    result.diagnostics.append(
                        PlanCatalogue.drift(
                            number, field: "occurrence",
                            zoomValue: "\(day.german) \(zoomTime.time), \(move.occurrence.duration) min",
                            semcoValue: "\(day.german) \(move.session.from)–\(move.session.to)", setBack: false))
                    continue
                }
                if zoomSide {
                    let zoomTime = LocalDateTime(move.occurrence.start, in: zone)
                    result.diagnostics.append(
                        PlanCatalogue.drift(
                            number, field: "occurrence",
                            zoomValue: "\(day.german) \(zoomTime.time), \(move.occurrence.duration) min",
                            semcoValue: "\(day.german) \(move.session.from)–\(move.session.to)", setBack: true))
                }
                let reason =
                    ref == .created(number)
                    ? PlanCatalogue.reasonSeriesOccurrenceMove
                    : PlanCatalogue.reasonOccurrenceMove(fromZoom: zoomSide, day: day, session: move.session)
                add(
                    .moveOccurrence(
                        ref, occurrenceStart: move.occurrence.start,
                        startTime: LocalDateTime(day: move.session.day, time: move.session.from).description,
                        duration: move.session.durationMinutes), reason)
            }
        }
    }

    // MARK: - Helpers

    /// Zoom's `occurrence_id` is the original start in epoch milliseconds.
    static func originalStart(_ occurrence: ZoomOccurrence) -> Date {
        if let ms = Int64(occurrence.occurrenceID) { return Date(timeIntervalSince1970: TimeInterval(ms) / 1000) }
        return occurrence.startTime
    }

    static func sameRecurrence(_ observed: MeetingRecurrence?, _ desired: MeetingRecurrence) -> Bool {
        guard let observed, observed.frequency == desired.frequency,
            (observed.repeatInterval ?? 1) == (desired.repeatInterval ?? 1),
            observed.endTimes == desired.endTimes, observed.endDateTime == desired.endDateTime
        else { return false }
        return observed.weekdays == desired.weekdays
    }

    static func describe(_ recurrence: MeetingRecurrence?) -> String {
        guard let recurrence else { return "–" }
        return
            "type \(recurrence.frequency.zoomType), weekly_days \(recurrence.weekdays.map(ZoomWeeklyDays.text) ?? "–"), end_times \(recurrence.endTimes.map(String.init) ?? "–")"
    }
}

extension MeetingSpec {
    /// The spec as a series is sent to Zoom at `now`: unchanged while its first session is ahead;
    /// once that has begun, a recurring meeting's series starts at the first session still ahead
    /// (Zoom reads a past `start_time` as "now" and would put every occurrence at that time of day).
    /// Same type and time zone, so the meeting's kind never changes because time passed.
    public func series(after now: Date) -> MeetingSpec {
        guard recurrence != nil, let first = sessions.first, first.start <= now else { return self }
        let ahead = sessions.filter { $0.start > now }
        guard let next = ahead.first, let last = ahead.last else { return self }
        let weekdays = Set(ahead.map(\.day.weekday))
        var copy = self
        copy.startTime = LocalDateTime(day: next.day, time: next.from).description
        copy.duration = next.durationMinutes
        copy.recurrence = MeetingRecurrence(
            frequency: .weekly, repeatInterval: 1, weekdays: weekdays,
            endTimes: OccurrenceRule.weeklyCount(from: next.day, through: last.day, weekdays: weekdays))
        copy.sessions = ahead
        return copy
    }
}
