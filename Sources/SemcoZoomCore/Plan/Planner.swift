import Foundation

public enum Planner {
    /// Pure: the actions that make Zoom and the state match the desired state.
    public static func plan(
        desired: DesiredState, state: SyncState, zoom: ZoomObservation,
        configuration: Configuration, options: PlanOptions
    ) -> Plan {
        CourseByCoursePlan(desired: desired, state: state, configuration: configuration, options: options).finish(
            zoom: zoom)
    }

    /// The next 00:00 UTC after `now`: when Zoom's per-host daily budget starts anew.
    public static func nextUTCMidnight(after now: Date) -> Date {
        let day = (now.timeIntervalSince1970 / 86_400).rounded(.down)
        return Date(timeIntervalSince1970: (day + 1) * 86_400)
    }

    /// Zoom's default daily budget of meeting creates + updates per host.
    public static let dailyWriteLimit = 100

    // MARK: - Whole run: mass-cancel guard, daily budget, order

    fileprivate static func assemble(
        _ courses: [CoursePlan], state: SyncState, zoom: ZoomObservation,
        configuration: Configuration, options: PlanOptions
    ) -> Plan {
        var plan = Plan()

        // Mass-cancel guard.
        let thresholds = configuration.massCancel
        var total = 0
        var tripping: [CourseNumber: MassCancelCount] = [:]
        for course in courses {
            let cancels = course.actions.filter {
                if case .cancelRegistrant = $0.kind { return true } else { return false }
            }.count
            guard cancels > 0 else { continue }
            total += cancels
            let registered =
                state[course: course.number]?.registrants.values.filter { $0.status == .registered }.count ?? 0
            if cancels > thresholds.courseMinimum, Double(cancels) > thresholds.coursePercent / 100 * Double(registered)
            {
                tripping[course.number] = MassCancelCount(cancels: cancels, registrants: registered)
            }
        }
        let guardTrips = !tripping.isEmpty || total > thresholds.runMaximum
        plan.massCancel = MassCancelCheck(
            tripped: guardTrips && !options.allowMassCancel, courses: tripping, totalCancels: total)
        if guardTrips {
            plan.diagnostics.append(
                PlanCatalogue.massCancel(
                    total: total, courses: tripping, allowed: options.allowMassCancel,
                    thresholds: thresholds))
        }

        // Daily budget: soonest courses first; never plan the 101st create/update of a host.
        var remaining = zoom.remainingDailyWrites
        let notBefore = nextUTCMidnight(after: options.now)
        var kept: [CourseNumber: [PlannedAction]] = [:]
        var deferred: [CourseNumber: [DeferredWork]] = [:]
        var budgetDiagnostics: [CourseNumber: Diagnostic] = [:]
        let bySoonest = courses.sorted { a, b in
            let x = a.firstSession ?? .distantFuture
            let y = b.firstSession ?? .distantFuture
            return x != y ? x < y : a.number < b.number
        }
        for course in bySoonest {
            guard let host = course.host else {
                kept[course.number] = course.actions
                continue
            }
            var left = remaining[host] ?? dailyWriteLimit
            var exhausted = false
            var createDeferred = false
            var keep: [PlannedAction] = []
            var hold: [DeferredWork] = []
            for action in course.actions {
                var holdBack = false
                if exhausted {
                    holdBack = action.kind.isMeetingWork || createDeferred
                } else if action.kind.costsHostDailyWrite {
                    if left > 0 {
                        left -= 1
                    } else {
                        exhausted = true
                        holdBack = true
                        if case .createMeeting = action.kind { createDeferred = true }
                    }
                }
                if holdBack {
                    hold.append(
                        DeferredWork(
                            course: action.course, booking: action.booking, action: action.kind,
                            reason: PlanCatalogue.budgetReason(host: host), notBefore: notBefore))
                } else {
                    keep.append(action)
                }
            }
            remaining[host] = left
            kept[course.number] = keep
            if !hold.isEmpty {
                deferred[course.number] = hold
                budgetDiagnostics[course.number] = PlanCatalogue.deferredBudget(
                    course.number, host: host, count: hold.count,
                    notBefore: notBefore)
            }
        }

        for course in courses {
            plan.actions += kept[course.number] ?? []
            plan.deferred += deferred[course.number] ?? []
            plan.diagnostics += course.diagnostics
            if let diagnostic = budgetDiagnostics[course.number] { plan.diagnostics.append(diagnostic) }
            if let update = course.stateUpdate { plan.stateUpdates[course.number] = update }
        }
        return plan
    }
}

extension ActionKind {
    /// Work on the meeting itself (as opposed to its registrants): held back together when the
    /// host's daily budget runs out, since occurrence fixes depend on the series change before them.
    var isMeetingWork: Bool {
        switch self {
        case .createMeeting, .updateMeeting, .moveOccurrence, .deleteOccurrence: return true
        default: return false
        }
    }
}

/// The same plan as `Planner.plan`, made course by course: a course whose meeting Zoom has just
/// answered for is planned at once, so that its part of the observation (the meeting and every
/// registrant with a join link) can be let go instead of holding Zoom's whole account until the
/// last answer (at L about 200 MB). Each course's plan reads only its own meeting and marker
/// find; what spans courses (the mass-cancel guard, the hosts' daily budget, the order) is
/// decided in `finish`. Pure, like the planner.
public struct CourseByCoursePlan {
    let state: SyncState
    let configuration: Configuration
    let options: PlanOptions
    /// The desired courses in plan order (by number) and, per number, their places in it.
    let courses: [DesiredCourse]
    let places: [CourseNumber: [Int]]
    var planned: [Int: CoursePlan] = [:]
    /// The co-trainers' Zoom users (`alternative_hosts: trainers`), read before the meetings.
    public var users: [String: ZoomUserStanding] = [:]
    /// Observed managed courses that are not planned: state corrections only.
    var unplanned: [CourseNumber: CoursePlan] = [:]

    public init(desired: DesiredState, state: SyncState, configuration: Configuration, options: PlanOptions) {
        self.state = state
        self.configuration = configuration
        self.options = options
        courses = desired.courses.sorted(by: { $0.number < $1.number })
        var places: [CourseNumber: [Int]] = [:]
        for (index, course) in courses.enumerated() { places[course.number, default: []].append(index) }
        self.places = places
    }

    /// Plans `number` with what Zoom answered for its meeting (the observation of a course with a
    /// meeting id). A course not desired in this run is left out, as `Planner.plan` leaves it.
    public mutating func plan(_ number: CourseNumber, meeting: MeetingObservation) {
        guard let indices = places[number] else {
            if let plan = Self.observedOnly(number, meeting: meeting, state: state) { unplanned[number] = plan }
            return
        }
        var zoom = ZoomObservation(meetings: [number: meeting])
        zoom.users = users
        for index in indices where planned[index] == nil {
            planned[index] = planCourse(courses[index], zoom: zoom)
        }
    }

    /// A managed course the run does not plan (not in the export, or outside `--course`): only
    /// its state takes in what Zoom listed.
    static func observedOnly(_ number: CourseNumber, meeting: MeetingObservation, state: SyncState) -> CoursePlan? {
        guard let managed = state[course: number], case .present(let zoomMeeting, let listed) = meeting else {
            return nil
        }
        let healed = CoursePlanner.observedOnly(managed, meeting: zoomMeeting, registrants: listed)
        guard healed.update != nil || !healed.diagnostics.isEmpty else { return nil }
        return CoursePlan(
            number: number, host: nil, firstSession: nil, diagnostics: healed.diagnostics, stateUpdate: healed.update)
    }

    /// Plans every course not planned yet against `zoom` (marker finds, meetings not handed to
    /// `plan(_:meeting:)`) and assembles the run's plan with its hosts' remaining daily writes.
    public func finish(zoom: ZoomObservation) -> Plan {
        var zoom = zoom
        if zoom.users.isEmpty { zoom.users = users }
        var plans: [CoursePlan] = []
        plans.reserveCapacity(courses.count)
        for (index, course) in courses.enumerated() {
            plans.append(planned[index] ?? planCourse(course, zoom: zoom))
        }
        var others = unplanned
        for (number, meeting) in zoom.meetings where places[number] == nil && others[number] == nil {
            if let plan = Self.observedOnly(number, meeting: meeting, state: state) { others[number] = plan }
        }
        plans += others.keys.sorted().map { others[$0]! }
        return Planner.assemble(plans, state: state, zoom: zoom, configuration: configuration, options: options)
    }

    private func planCourse(_ course: DesiredCourse, zoom: ZoomObservation) -> CoursePlan {
        var planner = CoursePlanner(
            course: course, managed: state[course: course.number], zoom: zoom,
            configuration: configuration, options: options)
        planner.plan()
        return planner.result
    }
}

/// What the planner decided for one course.
struct CoursePlan {
    var number: CourseNumber
    var host: String?
    var firstSession: Date?
    var actions: [PlannedAction] = []
    var diagnostics: [Diagnostic] = []
    var stateUpdate: ManagedCourse?
}

/// Plans one course.
struct CoursePlanner {
    let course: DesiredCourse
    let managed: ManagedCourse?
    let zoom: ZoomObservation
    let configuration: Configuration
    let options: PlanOptions
    var result: CoursePlan

    init(
        course: DesiredCourse, managed: ManagedCourse?, zoom: ZoomObservation, configuration: Configuration,
        options: PlanOptions
    ) {
        self.course = course
        self.managed = managed
        self.zoom = zoom
        self.configuration = configuration
        self.options = options
        self.result = CoursePlan(number: course.number, host: course.host, firstSession: course.firstSession)
    }

    var number: CourseNumber { course.number }

    mutating func add(_ kind: ActionKind, _ reason: LocalizedText, booking: String? = nil, email: String? = nil) {
        result.actions.append(PlannedAction(course: number, booking: booking, email: email, kind: kind, reason: reason))
    }

    mutating func plan() {
        switch course.intent {
        case .leaveAlone:
            healOnly()
            if course.finished, let managed, managed.phase == .active {
                add(.closeCourse, PlanCatalogue.reasonClose)
            }
        case .blocked:
            healOnly()
        case .delete:
            planDelete()
        case .sync(let meeting, let host, let registrants, let cancelled):
            planSync(meeting: meeting, host: host, registrants: registrants, cancelled: Set(cancelled))
        }
    }

    /// A course the run does not change: its state still takes in what Zoom listed.
    mutating func healOnly() {
        guard let managed, case .present(let meeting, let listed)? = zoom.meetings[number] else { return }
        var healed = Self.observedOnly(managed, meeting: meeting, registrants: listed)
        var update = healed.update ?? managed
        if let moved = HostChanges.accept(meeting, into: &update, now: options.now) {
            healed.diagnostics.append(moved)
            healed.update = update
        }
        result.diagnostics += healed.diagnostics
        if let update = healed.update { result.stateUpdate = update }
    }

    /// The state of a course that is not planned, corrected by what Zoom listed for its meeting.
    static func observedOnly(_ managed: ManagedCourse, meeting: ZoomMeeting, registrants: [ZoomRegistrant])
        -> (update: ManagedCourse?, diagnostics: [Diagnostic])
    {
        guard managed.meetingID == meeting.id else { return (nil, []) }
        let observed = ObservedRegistrants.heal(managed.registrants, inZoom: byAddress(registrants))
        let diagnostics = observed.corrections.map { PlanCatalogue.registrantCorrected(managed.number, $0) }
        var update = managed
        update.registrants = observed.registrants
        return (update == managed ? nil : update, diagnostics)
    }

    /// The registrants whose status the state took from Zoom, except those SEMCO still wants and
    /// Zoom denied: they are reported where they are brought back.
    mutating func reportCorrections(_ corrections: [ObservedRegistrants.Correction], desired: Set<String>) {
        for correction in corrections
        where
            !((correction.now == .cancelled || correction.now == .pending)
            && desired.contains(TextCase.lowercased(correction.email)))
        {
            result.diagnostics.append(PlanCatalogue.registrantCorrected(number, correction))
        }
    }

    // MARK: - Delete (storniert)

    mutating func planDelete() {
        guard let managed, managed.phase != .deleted else { return }
        if let id = managed.meetingID {
            switch zoom.meetings[number] {
            case .unavailable(let error):
                result.diagnostics.append(PlanCatalogue.unavailable(number, id: id, error: error))
            case .gone:
                var update = managed
                update.phase = .deleted
                update.meetingID = nil
                update.pendingCreate = nil
                result.stateUpdate = update
            case .present, nil:
                add(.deleteMeeting(id), PlanCatalogue.reasonDelete(number))
            }
        } else if managed.pendingCreate != nil {
            if let meeting = zoom.adoptable[number] {
                add(.adoptMeeting(meeting.id), PlanCatalogue.reasonAdopt(meeting.id))
                add(.deleteMeeting(meeting.id), PlanCatalogue.reasonDelete(number))
            } else {
                var update = managed
                update.phase = .deleted
                update.pendingCreate = nil
                result.stateUpdate = update
            }
        }
    }

    // MARK: - Sync

    mutating func planSync(meeting: MeetingSpec, host: String, registrants: [DesiredRegistrant], cancelled: Set<String>)
    {
        guard let managed, managed.phase == .active, managed.meetingID != nil || managed.pendingCreate != nil else {
            planCreate(meeting: meeting, host: host, registrants: registrants, recreating: false)
            return
        }
        if let id = managed.meetingID {
            switch zoom.meetings[number] {
            case nil:
                result.diagnostics.append(PlanCatalogue.notObserved(number, id: id))
            case .unavailable(let error):
                result.diagnostics.append(PlanCatalogue.unavailable(number, id: id, error: error))
            case .gone:
                if managed.goneSince != nil || options.recreateDeleted {
                    add(.forgetMeeting(id), PlanCatalogue.reasonForget(id))
                    result.diagnostics.append(PlanCatalogue.meetingRecreated(number, id: id))
                    planCreate(meeting: meeting, host: host, registrants: registrants, recreating: true)
                } else {
                    result.diagnostics.append(PlanCatalogue.meetingDeleted(number, id: id))
                    var update = managed
                    update.goneSince = options.now
                    result.stateUpdate = update
                }
            case .present(let zoomMeeting, let zoomRegistrants):
                planExisting(
                    zoomMeeting, zoomRegistrants: zoomRegistrants, lastSent: managed.lastSent, spec: meeting,
                    registrants: registrants, cancelled: cancelled)
            }
        } else if let adopted = zoom.adoptable[number] {
            add(.adoptMeeting(adopted.id), PlanCatalogue.reasonAdopt(adopted.id))
            var zoomRegistrants: [ZoomRegistrant] = []
            if case .present(let observed, let listed) = zoom.meetings[number], observed.id == adopted.id {
                zoomRegistrants = listed
            }
            planExisting(
                adopted, zoomRegistrants: zoomRegistrants, lastSent: nil, spec: meeting,
                registrants: registrants, cancelled: cancelled)
        } else {
            planCreate(meeting: meeting, host: host, registrants: registrants, recreating: false)
        }
    }

    // MARK: - Create

    mutating func planCreate(
        meeting desiredSpec: MeetingSpec, host: String, registrants: [DesiredRegistrant], recreating: Bool
    ) {
        result.stateUpdate = ManagedCourse(number: number, phase: .active, host: host)
        let spec = desiredSpec.series(after: options.now)
        var request = ZoomMeetingRequest(
            topic: spec.topic, type: spec.type, startTime: spec.startTime, timezone: spec.timezone,
            duration: spec.duration, agenda: spec.agenda, recurrence: spec.recurrence,
            settings: spec.settings)
        addAlternativeHosts(to: &request)
        add(
            .createMeeting(host: host, request: request),
            recreating ? PlanCatalogue.reasonRecreate(number) : PlanCatalogue.reasonCreate(number))
        addSeriesFixes(spec: spec, ref: .created(number))
        let pending = addRegistrantsInBatches(registrants, ref: .created(number), type: spec.type, isNewMeeting: true)
        addApprovals(pending, ref: .created(number))
        if !registrants.isEmpty { add(.refreshRegistrants(.created(number)), PlanCatalogue.reasonRefresh) }
    }

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

    // MARK: - Existing meeting

    mutating func planExisting(
        _ meeting: ZoomMeeting, zoomRegistrants: [ZoomRegistrant], lastSent: MeetingSpec?, spec: MeetingSpec,
        registrants: [DesiredRegistrant], cancelled: Set<String>
    ) {
        let ref = MeetingRef.existing(meeting.id)
        let zone = TimeZone(identifier: spec.timezone) ?? TimeZone(identifier: "UTC")!
        var request = ZoomMeetingRequest()
        var semcoFields: [String] = []
        var zoomFields: [String] = []

        /// A field that differs between SEMCO's wish and Zoom: sent when SEMCO changed it, or
        /// when it changed in Zoom and the drift policy sets it back; otherwise reported.
        func consider(
            _ field: String, differs: Bool, semcoChanged: Bool, zoomValue: @autoclosure () -> String,
            semcoValue: @autoclosure () -> String, apply: (inout ZoomMeetingRequest) -> Void
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
        var settingsPatch = ZoomMeetingSettings()
        let observedSettings = meeting.settings ?? ZoomMeetingSettings()
        func settingDiffers<T: Equatable>(_ observed: T?, _ desired: T?) -> Bool {
            guard let observed, let desired else { return false }
            return observed != desired
        }
        var settingsDiffer = false
        if settingDiffers(observedSettings.approvalType, spec.settings.approvalType) {
            settingsPatch.approvalType = spec.settings.approvalType
            settingsDiffer = true
        }
        if settingDiffers(observedSettings.registrationType, spec.settings.registrationType) {
            settingsPatch.registrationType = spec.settings.registrationType
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
            zoomValue: "approval_type \(observedSettings.approvalType.map(String.init) ?? "–")",
            semcoValue: "approval_type \(spec.settings.approvalType.map(String.init) ?? "–")"
        ) { $0.settings = settingsPatch }
        let settledHosts = considerAlternativeHosts(
            meeting, request: &request, semcoFields: &semcoFields, zoomFields: &zoomFields)

        // Schedule: the series fields in which Zoom differs from the spec (what a series PATCH carries).
        // A series is always sent from its first session still ahead (Zoom reads a past start as "now").
        let isRecurring = spec.recurrence != nil
        let seriesSpec = spec.series(after: options.now)
        let desiredSeries = OccurrenceRule.occurrences(of: seriesSpec) ?? []
        let desiredStart = LocalDateTime(seriesSpec.startTime)?.instant(in: zone)
        var series = ZoomMeetingRequest()
        var seriesFields: [String] = []
        var seriesDrift: [(field: String, zoom: String, semco: String)] = []
        if meeting.type != spec.type {
            series.type = spec.type
            seriesFields.append("type")
            seriesDrift.append(("type", "\(meeting.type)", "\(spec.type)"))
        }
        let startDiffers: Bool = {
            if let tz = meeting.timezone, tz != spec.timezone { return true }
            // Leaving a series: the start Zoom shows is the next occurrence, not the series' own
            // start, which Zoom keeps for the new kind unless `start_time` is sent with it.
            if meeting.type != spec.type, meeting.type == 8 || meeting.type == 9 { return true }
            guard let observed = meeting.startTime, let desiredStart else { return false }
            if observed == desiredStart { return false }
            // Zoom shows a recurring meeting's next occurrence as its start: that is the desired
            // series' first occurrence, the first session ahead (moved there), or a session under
            // way. Any later occurrence would hide a first day moved earlier: the series PATCH would
            // then go out without `start_time`, and Zoom would recompute from its old start.
            if isRecurring, meeting.type == spec.type {
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
                $0.type != spec.type || $0.startTime != spec.startTime || $0.timezone != spec.timezone
                    || $0.duration != spec.duration
                    || $0.recurrence != spec.recurrence || $0.sessions != spec.sessions
            } ?? true

        /// Sends the series fields (merged into the one PATCH) and redoes the occurrence fixes
        /// against the series as Zoom recomputes it.
        func patchSeries(_ fields: ZoomMeetingRequest, names: [String], fromZoom: Bool) {
            var fields = fields
            // Zoom recomputes the occurrences of a re-sent recurrence from the series' own start,
            // which it keeps unless `start_time` comes with it. The recurrence is counted from the
            // first session ahead: for a series under way that start lies before it, and the
            // last sessions would be lost (soak seeds 6101 and 8303). So the start goes with it.
            if fields.recurrence != nil, fields.startTime == nil {
                fields.startTime = seriesSpec.startTime
                fields.timezone = seriesSpec.timezone
            }
            if let v = fields.type { request.type = v }
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
        if isRecurring, meeting.type == spec.type, listed == nil {
            // No occurrence list to compare with: only SEMCO's own schedule changes are sent.
            if semcoSchedule, !seriesFields.isEmpty {
                patchSeries(
                    ZoomMeetingRequest(
                        startTime: seriesSpec.startTime, timezone: seriesSpec.timezone, duration: seriesSpec.duration,
                        recurrence: seriesSpec.recurrence),
                    names: ["start_time", "duration", "recurrence"], fromZoom: false)
                seriesPatched = true
            }
        } else if !isRecurring || meeting.type != spec.type || listed == nil {
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
            cancelled: cancelled, batchType: meeting.type == spec.type ? spec.type : nil)

        // State-only corrections: what Zoom already holds, recorded without a call. Only what
        // differs is written, so that a course in step copies none of its registrants.
        if var update = managed, update.meetingID == meeting.id {
            update.goneSince = nil
            if let moved = HostChanges.accept(meeting, into: &update, now: options.now) {
                result.diagnostics.append(moved)
                result.host = update.host
            }
            if request.isEmpty, !seriesPatched, update.lastSent != spec,
                !result.actions.contains(where: { $0.kind.isMeetingWork }),
                !result.diagnostics.contains(where: { $0.code.hasPrefix("zoom.drift-") })
            {
                update.lastSent = spec
            }
            if update.joinURL == nil, let url = meeting.joinURL { update.joinURL = url }
            if update.registrationURL == nil, let url = meeting.registrationURL { update.registrationURL = url }
            update.registrants = observed.registrants
            for registrant in registrants {
                if var known = update.registrants[registrant.key] {
                    // Keep the bookings behind an address current (a re-booking under a new number).
                    guard known.bookings != registrant.bookings else { continue }
                    known.bookings = registrant.bookings
                    update.registrants[registrant.key] = known
                } else if let listed = inZoom[registrant.key], listed.status == .approved || listed.status == .pending {
                    // Registered in Zoom already (an adopted meeting, a state restored from backup, an
                    // add the journal missed); a pending one is approved by this plan.
                    update.registrants[registrant.key] = ManagedRegistrant(
                        email: registrant.email, firstName: registrant.firstName, lastName: registrant.lastName,
                        registrantID: listed.id, bookings: registrant.bookings,
                        status: listed.status == .approved ? .registered : .pending,
                        joinURL: listed.status == .approved ? listed.joinURL : nil)
                }
            }
            if update != managed { result.stateUpdate = update }
        }
        recordAlternativeHosts(settledHosts, meeting: meeting)
    }

    /// Zoom's registrants by lower-case address; an active entry wins over a denied one.
    static func byAddress(_ registrants: [ZoomRegistrant]) -> [String: ZoomRegistrant] {
        var result: [String: ZoomRegistrant] = [:]
        for registrant in registrants {
            let key = TextCase.lowercased(registrant.email)
            if let existing = result[key], existing.status != .denied { continue }
            result[key] = registrant
        }
        return result
    }

    /// Adds people who are in neither Zoom's active nor its denied list: in batches of up to 30
    /// (`POST …/batch_registrants`) where Zoom takes them (a scheduled meeting, type 2 / webinar 5;
    /// at least two people; nobody with an organisation, which a batch cannot carry), one
    /// `POST …/registrants` each otherwise, in booking order.
    /// - Returns: the people added one by one whom Zoom leaves pending (webinars), for `addApprovals`.
    @discardableResult
    mutating func addRegistrantsInBatches(
        _ registrants: [DesiredRegistrant], ref: MeetingRef, type: Int, isNewMeeting: Bool
    ) -> [(booking: String?, registrant: ZoomRegistrantReference)] {
        let batchable = ZoomBatchLimits.meetingTypes.contains(type) ? registrants.filter { $0.org == nil } : []
        let batched = batchable.count >= 2 ? Set(batchable.map(\.key)) : []
        if !batched.isEmpty {
            let people = batchable.map { RegistrantAdd(booking: $0.bookings.first, request: $0.request) }
            var start = 0
            while start < people.count {
                let chunk = Array(people[start..<min(start + ZoomBatchLimits.registrantsPerCall, people.count)])
                start += ZoomBatchLimits.registrantsPerCall
                add(
                    .addRegistrants(ref, registrants: chunk),
                    PlanCatalogue.reasonAddRegistrants(count: chunk.count, isNewMeeting: isNewMeeting),
                    booking: chunk.first?.booking, email: nil)
            }
        }
        var pending: [(booking: String?, registrant: ZoomRegistrantReference)] = []
        for registrant in registrants where !batched.contains(registrant.key) {
            add(
                .addRegistrant(ref, request: registrant.request),
                PlanCatalogue.reasonAddRegistrant(registrant.bookings, isNewMeeting: isNewMeeting),
                booking: registrant.bookings.first, email: registrant.email)
            if singleAddsStayPending {
                pending.append((registrant.bookings.first, ZoomRegistrantReference(id: nil, email: registrant.email)))
            }
        }
        return pending
    }

    // MARK: - Registrants of an existing meeting

    /// - Parameter known: the state's registrants as corrected by what Zoom lists
    ///   (`ObservedRegistrants`); the reasons and warnings still speak of what the state recorded.
    mutating func planRegistrants(
        ref: MeetingRef, zoomRegistrants: [ZoomRegistrant], known: [String: ManagedRegistrant],
        registrants: [DesiredRegistrant], cancelled: Set<String>, batchType: Int? = nil
    ) {
        let inZoom = Self.byAddress(zoomRegistrants)
        // New people of a meeting that takes batch registration are added together after the loop.
        let collectNew = batchType.map(ZoomBatchLimits.meetingTypes.contains) ?? false
        var newPeople: [DesiredRegistrant] = []
        let recorded = managed?.registrants ?? [:]
        let desiredKeys = Set(registrants.map(\.key))
        var changed = false
        var approvals: [(booking: String?, registrant: ZoomRegistrantReference)] = []

        for registrant in registrants {
            let zoomEntry = inZoom[registrant.key]
            let stateEntry = recorded[registrant.key]
            if stateEntry?.status == .handedToImport, zoomEntry?.status != .approved, zoomEntry?.status != .pending {
                continue
            }
            switch zoomEntry?.status {
            case .approved?:
                continue
            case .pending?:
                // Booked but not approved in Zoom (an approval a killed run never made, or a hand-made
                // registration through the public link): approved with the others after the adds.
                approvals.append(
                    (
                        registrant.bookings.first,
                        ZoomRegistrantReference(id: zoomEntry!.id, email: zoomEntry!.email)
                    ))
            case .denied?:
                let reason =
                    stateEntry?.status == .cancelled
                    ? PlanCatalogue.reasonApproveRebooked(registrant.bookings)
                    : PlanCatalogue.reasonApproveDeniedInZoom(registrant.bookings)
                if stateEntry?.status == .registered {
                    result.diagnostics.append(
                        PlanCatalogue.registrantDeniedInZoom(
                            number, booking: registrant.bookings.first, email: registrant.email))
                }
                add(
                    .approveRegistrant(
                        ref, registrant: ZoomRegistrantReference(id: zoomEntry!.id, email: zoomEntry!.email)), reason,
                    booking: registrant.bookings.first, email: registrant.email)
            case nil:
                if stateEntry?.status == .registered, managed?.lastSent != nil {
                    result.diagnostics.append(
                        PlanCatalogue.registrantDeniedInZoom(
                            number, booking: registrant.bookings.first, email: registrant.email))
                }
                if collectNew {
                    newPeople.append(registrant)
                } else {
                    add(
                        .addRegistrant(ref, request: registrant.request),
                        PlanCatalogue.reasonAddRegistrant(registrant.bookings, isNewMeeting: false),
                        booking: registrant.bookings.first, email: registrant.email)
                    if singleAddsStayPending {
                        approvals.append(
                            (registrant.bookings.first, ZoomRegistrantReference(id: nil, email: registrant.email)))
                    }
                }
            }
            changed = true
        }
        if let batchType, !newPeople.isEmpty {
            approvals += addRegistrantsInBatches(newPeople, ref: ref, type: batchType, isNewMeeting: false)
        }
        addApprovals(approvals, ref: ref)

        // Cancel: a registrant semco-zoom registered whose every booking is cancelled or vanished
        // (in booking order).
        let leaving = known.filter { key, entry in
            entry.status != .cancelled && !desiredKeys.contains(key) && !entry.bookings.isEmpty
                && entry.bookings.allSatisfy(cancelled.contains)
        }
        for key in leaving.keys.sorted(by: { (leaving[$0]!.bookings[0], $0) < (leaving[$1]!.bookings[0], $1) }) {
            let entry = leaving[key]!
            guard let zoomEntry = inZoom[key], zoomEntry.status == .approved || zoomEntry.status == .pending else {
                continue
            }
            // A booking still active under another address: SEMCO changed the person's e-mail.
            let rebooked = registrants.first { $0.bookings.contains { entry.bookings.contains($0) } }
            let reason =
                rebooked != nil
                ? PlanCatalogue.reasonCancelOldAddress(entry.bookings)
                : PlanCatalogue.reasonCancelRegistrant(entry.bookings)
            add(
                .cancelRegistrant(ref, registrant: ZoomRegistrantReference(id: zoomEntry.id, email: zoomEntry.email)),
                reason, booking: entry.bookings.first, email: entry.email)
        }

        // Registered directly in Zoom: left alone, listed.
        let foreign =
            zoomRegistrants
            .filter {
                $0.status != .denied && known[TextCase.lowercased($0.email)] == nil
                    && !desiredKeys.contains(TextCase.lowercased($0.email))
            }
            .map {
                "\([$0.firstName, $0.lastName ?? ""].joined(separator: " ").trimmingCharacters(in: .whitespaces)) <\($0.email)>"
            }
            .sorted()
        if !foreign.isEmpty { result.diagnostics.append(PlanCatalogue.registrantsAddedInZoom(number, people: foreign)) }

        if changed { add(.refreshRegistrants(ref), PlanCatalogue.reasonRefresh) }
    }

    // MARK: - Helpers

    /// Zoom's `occurrence_id` is the original start in epoch milliseconds.
    static func originalStart(_ occurrence: ZoomOccurrence) -> Date {
        if let ms = Int64(occurrence.occurrenceID) { return Date(timeIntervalSince1970: TimeInterval(ms) / 1000) }
        return occurrence.startTime
    }

    static func sameRecurrence(_ observed: ZoomRecurrence?, _ desired: ZoomRecurrence) -> Bool {
        guard let observed, observed.type == desired.type,
            (observed.repeatInterval ?? 1) == (desired.repeatInterval ?? 1),
            observed.endTimes == desired.endTimes, observed.endDateTime == desired.endDateTime
        else { return false }
        let a = observed.weeklyDays.flatMap(OccurrenceRule.weekdays(fromZoom:))
        let b = desired.weeklyDays.flatMap(OccurrenceRule.weekdays(fromZoom:))
        return a == b
    }

    static func describe(_ recurrence: ZoomRecurrence?) -> String {
        guard let recurrence else { return "–" }
        return
            "type \(recurrence.type), weekly_days \(recurrence.weeklyDays ?? "–"), end_times \(recurrence.endTimes.map(String.init) ?? "–")"
    }
}

extension DesiredRegistrant {
    /// The add body: e-mail, names, organisation, approved at once.
    public var request: ZoomRegistrantRequest {
        ZoomRegistrantRequest(email: email, firstName: firstName, lastName: lastName, org: org, autoApprove: true)
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
        copy.recurrence = ZoomRecurrence(
            type: 2, repeatInterval: 1, weeklyDays: OccurrenceRule.weeklyDaysText(weekdays),
            endTimes: OccurrenceRule.weeklyCount(from: next.day, through: last.day, weekdays: weekdays))
        copy.sessions = ahead
        return copy
    }
}
