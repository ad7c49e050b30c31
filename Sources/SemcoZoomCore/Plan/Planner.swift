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

    static func assemble(
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
        plan.unresolvedCreates = zoom.unresolvedCreates
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
