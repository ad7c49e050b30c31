import Foundation

/// The same plan as `Planner.plan`, made course by course: the observer hands each course's
/// meeting forward as Zoom answers (`take`), and the course is planned at once, so that its part
/// of the observation (the meeting and every registrant with a join link) can be let go instead
/// of holding Zoom's whole account until the last answer (at L about 200 MB). Each course's plan
/// reads only its own meeting and marker find; what spans courses (the mass-cancel guard, the
/// hosts' daily budget, the order) is decided in `finish`. Pure, like the planner: it is handed
/// observations and never asks Zoom or the observer for anything.
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

    /// Plans the observed course with what Zoom answered for its meeting (a course with a meeting
    /// id). A course not desired in this run is left out, as `Planner.plan` leaves it.
    public mutating func take(_ observed: CourseObservation) {
        let (number, meeting) = (observed.course, observed.meeting)
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

    /// Plans every course not planned yet against `zoom` (marker finds, meetings not handed over
    /// to `take`) and assembles the run's plan with its hosts' remaining daily writes.
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
