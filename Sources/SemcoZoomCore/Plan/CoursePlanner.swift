import Foundation

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

    /// Adds an action with what the executor records once Zoom took it: the meeting as desired
    /// for a write to the meeting, the people as SEMCO has them for an add or approval (`people`).
    mutating func add(
        _ kind: ActionKind, _ reason: LocalizedText, booking: String? = nil, email: String? = nil,
        people: [DesiredRegistrant] = []
    ) {
        var record: ActionRecord?
        switch kind {
        case .createMeeting, .updateMeeting, .moveOccurrence, .deleteOccurrence:
            if case .sync(let meeting, _, _, _) = course.intent { record = .meeting(meeting) }
        case .adoptMeeting(let id):
            if let found = zoom.adoptable[number], found.id == id { record = .adopted(found) }
        default:
            if !people.isEmpty { record = .people(people) }
        }
        result.actions.append(
            PlannedAction(course: number, booking: booking, email: email, kind: kind, reason: reason, record: record))
    }

    /// The people of `emails` as SEMCO has them (those the course wants registered).
    func desiredPeople(_ emails: [String]) -> [DesiredRegistrant] {
        guard case .sync(_, _, let registrants, _) = course.intent, !emails.isEmpty else { return [] }
        if emails.count == 1 {
            let key = emails[0].lowercased()
            return registrants.first { $0.key == key }.map { [$0] } ?? []
        }
        var byKey: [String: DesiredRegistrant] = [:]
        for registrant in registrants where byKey[registrant.key] == nil { byKey[registrant.key] = registrant }
        return emails.compactMap { byKey[$0.lowercased()] }
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
}

extension CoursePlanner {
    // MARK: - Delete (storniert)

    mutating func planDelete() {
        guard let managed, managed.phase != .deleted else { return }
        if let id = managed.meetingID {
            switch zoom.meetings[number] {
            case .unavailable(let error):
                result.diagnostics.append(PlanCatalogue.unavailable(number, id: id, error: error))
            case .gone:
                result.stateUpdate = managed.deletedInZoom()
            case .present, nil:
                add(.deleteMeeting(id), PlanCatalogue.reasonDelete(number))
            }
        } else if managed.pendingCreate != nil {
            if let meeting = zoom.adoptable[number] {
                add(.adoptMeeting(meeting.id), PlanCatalogue.reasonAdopt(meeting.id))
                add(.deleteMeeting(meeting.id), PlanCatalogue.reasonDelete(number))
            } else {
                result.stateUpdate = managed.deletedBeforeCreate()
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
                    result.stateUpdate = managed.gone(since: options.now)
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
        var request = MeetingChange(
            topic: spec.topic, kind: spec.kind, startTime: spec.startTime, timezone: spec.timezone,
            duration: spec.duration, agenda: spec.agenda, recurrence: spec.recurrence,
            settings: spec.settings)
        addAlternativeHosts(to: &request)
        add(
            .createMeeting(host: host, request: request),
            recreating ? PlanCatalogue.reasonRecreate(number) : PlanCatalogue.reasonCreate(number))
        addSeriesFixes(spec: spec, ref: .created(number))
        let pending = addRegistrantsInBatches(registrants, ref: .created(number), kind: spec.kind, isNewMeeting: true)
        addApprovals(pending, ref: .created(number))
        if !registrants.isEmpty { add(.refreshRegistrants(.created(number)), PlanCatalogue.reasonRefresh) }
    }
}
