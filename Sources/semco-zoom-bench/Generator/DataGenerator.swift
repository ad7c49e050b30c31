import SemcoZoomCore

/// What to generate. Same parameters → the same records, in the same order.
struct GeneratorParameters: Sendable, Equatable {
    var courses: Int
    var bookings: Int
    var seed: UInt64
    var year: Int = 2027
}

/// The shares of special cases, in one place so BENCHMARKS.md and the tests can name them.
/// Problem cases are rare on purpose: enough that validation has something to say, few
/// enough that a benchmark measures the normal path.
enum Shares {
    static let zoomCourse = 0.85
    static let withSingleDates = 0.15
    static let deliberateHostOverlap = 0.01
    static let noCourseTimes = 0.005
    static let tooManyOccurrences = 0.002
    static let endBeforeStart = 0.001
    static let overlongTitle = 0.001
    static let missingModeratorRole = 0.003
    static let moderatorWithoutZoomUser = 0.005
    static let trainerWithoutModeratorTick = 0.005
    static let moderatorLoginInactive = 0.003
    static let company = 0.15
    static let rebooking = 0.005
    static let duplicateAddress = 0.001
    static let umlautAddress = 0.002
    static let emptyAddress = 0.002
    static let notAnAddress = 0.0005
    static let hostAsParticipant = 0.0005
    static let capitalisedAddress = 0.01
    static let quotedNickname = 0.001
}

/// The rare course problems. Each lands by chance at its share, and at least once in every drop
/// with enough Zoom courses (at a fixed ordinal among the Zoom courses), so that a small drop
/// shows every one of them too. A course with a planted problem is `bestätigt`, so that the
/// validator judges it.
enum PlantedProblem: CaseIterable {
    case noCourseTimes, tooManyOccurrences, endBeforeStart, overlongTitle, missingModeratorRole
    case moderatorWithoutZoomUser, trainerWithoutModeratorTick, moderatorLoginInactive

    var share: Double {
        switch self {
        case .noCourseTimes: return Shares.noCourseTimes
        case .tooManyOccurrences: return Shares.tooManyOccurrences
        case .endBeforeStart: return Shares.endBeforeStart
        case .overlongTitle: return Shares.overlongTitle
        case .missingModeratorRole: return Shares.missingModeratorRole
        case .moderatorWithoutZoomUser: return Shares.moderatorWithoutZoomUser
        case .trainerWithoutModeratorTick: return Shares.trainerWithoutModeratorTick
        case .moderatorLoginInactive: return Shares.moderatorLoginInactive
        }
    }

    /// The 1-based Zoom-course ordinal that always gets this problem.
    var fixedOrdinal: Int {
        switch self {
        case .noCourseTimes: return 7
        case .tooManyOccurrences: return 11
        case .endBeforeStart: return 13
        case .overlongTitle: return 17
        case .missingModeratorRole: return 19
        case .moderatorWithoutZoomUser: return 23
        case .trainerWithoutModeratorTick: return 29
        case .moderatorLoginInactive: return 31
        }
    }

    static let fixedOrdinals = Set(allCases.map(\.fixedOrdinal))
}

/// Builds the generated SEMCO world: hosts, courses (with sessions and trainers) in memory
/// — a few thousand small values even for size L — and the bookings as a stream, so that
/// half a million bookings never sit in memory at once.
struct DataGenerator {
    let parameters: GeneratorParameters
    private(set) var hosts: [Person] = []
    private(set) var courses: [GeneratedCourse] = []

    /// Lanes of a host's day whose sessions never overlap each other (minutes after midnight).
    static let laneWindows: [(start: Int, end: Int)] = [(480, 750), (780, 1050), (1080, 1290)]

    init(_ parameters: GeneratorParameters) {
        self.parameters = parameters
        build()
    }

    /// Calls `body` for every booking, course by course, in a fixed order.
    func forEachBooking(_ body: (GeneratedBooking) throws -> Void) rethrows {
        var stream = BookingStream(seed: parameters.seed, year: parameters.year, total: parameters.bookings)
        for course in courses {
            try stream.bookings(for: course, body)
        }
    }

    // MARK: - Building courses

    private struct Lane {
        var host: Int
        var window: Int
        /// First day number the next course in this lane may start on.
        var nextFree: Int
    }

    private struct Placement {
        var lane: Int
        var monday: Int
        var weekday: Weekday
        var from: LocalTime
        var to: LocalTime
    }

    private mutating func build() {
        var rng = SplitMix64(seed: parameters.seed, stream: 1)
        var people = PersonFactory(seed: parameters.seed)
        let count = max(0, parameters.courses)

        let isZoom = (0..<count).map { _ in rng.chance(Shares.zoomCourse) }
        let zoomCount = isZoom.filter { $0 }.count
        // About seven courses fit in one lane per year; three lanes per host; some slack.
        let hostCount = max(3, (zoomCount + 20) / 21 + 2)
        hosts = (0..<hostCount).map { _ in people.staff() }
        let supervisors = (0..<(6 + count / 200)).map { _ in people.staff() }
        let trainerPool = (0..<max(10, count / 6)).map { _ in people.staff() }

        let yearStart = firstMonday(onOrAfter: CalendarDay(year: parameters.year, month: 1, day: 4).dayNumber)
        let yearEnd = CalendarDay(year: parameters.year, month: 12, day: 31).dayNumber
        var lanes: [Lane] = []
        for window in 0..<Self.laneWindows.count {
            for host in 0..<hostCount {
                lanes.append(Lane(host: host, window: window, nextFree: yearStart + rng.below(21)))
            }
        }
        var roundRobin = 0
        var previous: Placement?
        var zoomOrdinal = 0

        let counts = bookingCounts(courses: count, bookings: max(0, parameters.bookings), rng: &rng)
        courses.reserveCapacity(count)

        for index in 0..<count {
            let number = String(10001 + index)
            var course = GeneratedCourse(
                number: number, title: "", status: rng.weighted(Self.courseStatuses), venue: "Zoom Meeting Room",
                eventType: "Live-Online", startDay: CalendarDay(dayNumber: yearStart),
                endDay: CalendarDay(dayNumber: yearStart),
                moderatorRole: nil, supervisor: nil, supervisorZoomUser: nil, weeklyTimes: [], sessions: [],
                maxParticipants: rng.weighted(Self.capacities), syncFlag: rng.chance(0.95) ? "Ja" : "Nein",
                trainers: [], bookingCount: counts[index], hostEmail: nil)

            if isZoom[index] {
                zoomOrdinal += 1
                var planted = false
                func plant(_ problem: PlantedProblem) -> Bool {
                    let hit = rng.chance(problem.share) || zoomOrdinal == problem.fixedOrdinal
                    if hit { planted = true }
                    return hit
                }
                course.title = rng.pick(Vocabulary.topics) + rng.pick(Vocabulary.onlineSuffixes)
                var laneIndex: Int
                if let previous, !PlantedProblem.fixedOrdinals.contains(zoomOrdinal),
                    rng.chance(Shares.deliberateHostOverlap)
                {
                    // Same host, same lane, same day and time as the course before: a clash the
                    // planner must resolve (the lower course number wins).
                    laneIndex = previous.lane
                    let day = previous.monday + previous.weekday.rawValue - 1
                    course.weeklyTimes = [
                        WeeklyTime(weekday: previous.weekday, from: previous.from, to: previous.to)
                    ]
                    course.startDay = CalendarDay(dayNumber: day)
                    course.endDay = CalendarDay(dayNumber: day)
                } else {
                    laneIndex = roundRobin % lanes.count
                    roundRobin += 1
                    let schedule = makeSchedule(
                        window: lanes[laneIndex].window, tooMany: plant(.tooManyOccurrences), rng: &rng)
                    // Find a lane where it fits before the year ends; else wrap (a rare overlap).
                    var placed = false
                    for attempt in 0..<lanes.count {
                        let candidate = (laneIndex + attempt) % lanes.count
                        let monday = firstMonday(onOrAfter: lanes[candidate].nextFree)
                        if monday + schedule.lastOffset <= yearEnd {
                            laneIndex = candidate
                            placed = true
                            break
                        }
                    }
                    if !placed { lanes[laneIndex].nextFree = yearStart + rng.below(60) }
                    let monday = firstMonday(onOrAfter: lanes[laneIndex].nextFree)
                    apply(schedule, monday: monday, window: lanes[laneIndex].window, to: &course, rng: &rng)
                    lanes[laneIndex].nextFree = monday + schedule.lastOffset + 1 + rng.below(15)
                    let first =
                        course.weeklyTimes.first
                        ?? course.sessions.first.map {
                            WeeklyTime(weekday: $0.day.weekday, from: $0.from, to: $0.to)
                        }
                    if let first {
                        previous = Placement(
                            lane: laneIndex, monday: monday, weekday: first.weekday, from: first.from, to: first.to)
                    }
                }
                let host = hosts[lanes[laneIndex].host]
                course.hostEmail = host.email
                let problems = ModeratorProblems(
                    noZoomUser: plant(.moderatorWithoutZoomUser), notTicked: plant(.trainerWithoutModeratorTick),
                    loginInactive: plant(.moderatorLoginInactive), noRole: plant(.missingModeratorRole))
                assignModerator(
                    host: host, supervisors: supervisors, trainerPool: trainerPool, problems: problems,
                    to: &course, rng: &rng)
                if plant(.noCourseTimes) {
                    course.weeklyTimes = []
                    course.sessions = []
                }
                if plant(.endBeforeStart) { course.endDay = course.startDay.adding(days: -rng.int(1...30)) }
                if plant(.overlongTitle) {
                    // Longer than Zoom's 200-character topic.
                    let base = course.title
                    while course.title.count <= 200 { course.title += " – " + base }
                }
                if planted { course.status = "bestätigt" }
            } else {
                course.title = rng.pick(Vocabulary.topics) + rng.pick(Vocabulary.presenceSuffixes)
                course.venue = rng.pick(Vocabulary.presenceVenues)
                course.eventType = "Präsenz"
                let schedule = makeSchedule(window: rng.below(Self.laneWindows.count), tooMany: false, rng: &rng)
                let monday = firstMonday(onOrAfter: yearStart + rng.below(300))
                apply(schedule, monday: monday, window: rng.below(Self.laneWindows.count), to: &course, rng: &rng)
                course.supervisor = rng.pick(supervisors)
                course.trainers = pickTrainers(from: trainerPool, count: rng.weighted(Self.trainerCounts), rng: &rng)
            }
            courses.append(course)
        }
    }

    static let courseStatuses: [(String, Int)] = [
        ("bestätigt", 78), ("laufender Kurs", 5), ("geplant", 8), ("storniert", 6), ("beendet", 3),
    ]
    static let capacities: [(Int?, Int)] = [
        (nil, 10), (20, 8), (25, 12), (30, 20), (40, 20), (50, 18), (100, 10), (300, 2),
    ]
    static let trainerCounts: [(Int, Int)] = [(1, 50), (2, 35), (3, 15)]

    /// A course's shape before it is placed on the calendar: offsets from its first Monday.
    private struct Schedule {
        enum Kind {
            case weekly(days: [Weekday], weeks: Int)
            /// Einzeltermine: day offsets; `sameTimes` false gives each its own time.
            case single(offsets: [Int], sameTimes: Bool, alsoWeekly: Bool)
        }
        var kind: Kind
        var lastOffset: Int
    }

    private func makeSchedule(window: Int, tooMany: Bool, rng: inout SplitMix64) -> Schedule {
        if tooMany {
            // Every day for ten weeks: 70 occurrences, more than Zoom's 50.
            return Schedule(kind: .weekly(days: Weekday.allCases, weeks: 10), lastOffset: 69)
        }
        if rng.chance(Shares.withSingleDates) {
            var offsets: [Int] = []
            var offset = rng.below(5)
            for _ in 0..<rng.int(1...8) {
                offsets.append(offset)
                offset += rng.int(1...9)
            }
            return Schedule(
                kind: .single(offsets: offsets, sameTimes: rng.chance(0.5), alsoWeekly: rng.chance(0.3)),
                lastOffset: offsets[offsets.count - 1])
        }
        let dayCount = rng.weighted([(1, 30), (2, 35), (3, 25), (4, 6), (5, 4)])
        var pool: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        if rng.chance(0.08) { pool += [.saturday, .sunday] }
        var days: [Weekday] = []
        for _ in 0..<min(dayCount, pool.count) {
            days.append(pool.remove(at: rng.below(pool.count)))
        }
        days.sort()
        let weeks = rng.int(1...10)
        return Schedule(
            kind: .weekly(days: days, weeks: weeks), lastOffset: 7 * (weeks - 1) + days[days.count - 1].rawValue - 1)
    }

    private func slot(in window: Int, rng: inout SplitMix64) -> (LocalTime, LocalTime) {
        let bounds = Self.laneWindows[window]
        let start = bounds.start + 30 * rng.below(3)
        let end = min(start + 30 * rng.int(3...8), bounds.end)
        return (LocalTime(minutes: start), LocalTime(minutes: end))
    }

    private func apply(
        _ schedule: Schedule, monday: Int, window: Int, to course: inout GeneratedCourse, rng: inout SplitMix64
    ) {
        let (from, to) = slot(in: window, rng: &rng)
        switch schedule.kind {
        case .weekly(let days, let weeks):
            course.weeklyTimes = days.map { WeeklyTime(weekday: $0, from: from, to: to) }
            course.startDay = CalendarDay(dayNumber: monday + days[0].rawValue - 1)
            course.endDay = CalendarDay(dayNumber: monday + 7 * (weeks - 1) + days[days.count - 1].rawValue - 1)
        case .single(let offsets, let sameTimes, let alsoWeekly):
            course.sessions = offsets.map { offset in
                let times = sameTimes ? (from, to) : slot(in: window, rng: &rng)
                return GeneratedSession(day: CalendarDay(dayNumber: monday + offset), from: times.0, to: times.1)
            }
            course.startDay = course.sessions[0].day
            course.endDay = course.sessions[course.sessions.count - 1].day
            if alsoWeekly {
                // SEMCO keeps the Kurszeiten too; the Einzeltermine win.
                course.weeklyTimes = [WeeklyTime(weekday: course.startDay.weekday, from: from, to: to)]
            }
        }
    }

    private struct ModeratorProblems {
        var noZoomUser: Bool
        var notTicked: Bool
        var loginInactive: Bool
        var noRole: Bool
    }

    private func assignModerator(
        host: Person, supervisors: [Person], trainerPool: [Person], problems: ModeratorProblems,
        to course: inout GeneratedCourse, rng: inout SplitMix64
    ) {
        let trainerCount = rng.weighted(Self.trainerCounts)
        // A moderator tick and a login only exist for trainers: those problems need the Trainer role.
        let supervisorRole = rng.chance(0.45) && !problems.notTicked && !problems.loginInactive
        if supervisorRole {
            course.moderatorRole = "Kursbetreuer"
            course.supervisor = host
            course.supervisorZoomUser = problems.noZoomUser ? nil : host.email
            course.trainers = pickTrainers(from: trainerPool, count: trainerCount, rng: &rng)
        } else {
            course.moderatorRole = "Trainer"
            let supervisor = rng.pick(supervisors)
            course.supervisor = supervisor
            course.supervisorZoomUser = rng.chance(0.2) ? supervisor.email : nil
            var trainers = pickTrainers(from: trainerPool, count: trainerCount - 1, rng: &rng)
            let moderator = GeneratedTrainer(
                person: host,
                zoomUser: problems.noZoomUser ? nil : host.email,
                isModerator: !problems.notTicked,
                loginActive: !problems.loginInactive)
            trainers.insert(moderator, at: rng.below(trainers.count + 1))
            course.trainers = trainers
        }
        if problems.noRole { course.moderatorRole = nil }
    }

    private func pickTrainers(from pool: [Person], count: Int, rng: inout SplitMix64) -> [GeneratedTrainer] {
        var chosen: [Int] = []
        while chosen.count < min(count, pool.count) {
            let candidate = rng.below(pool.count)
            if !chosen.contains(candidate) { chosen.append(candidate) }
        }
        return chosen.map { index in
            let person = pool[index]
            return GeneratedTrainer(
                person: person, zoomUser: rng.chance(0.4) ? person.email : nil,
                isModerator: false, loginActive: rng.chance(0.97))
        }
    }

    /// Splits `bookings` over the courses by random weights; the total is exact.
    private func bookingCounts(courses: Int, bookings: Int, rng: inout SplitMix64) -> [Int] {
        guard courses > 0 else { return [] }
        let weights = (0..<courses).map { _ in 0.25 + 1.5 * rng.unit() }
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(Double(bookings) * $0 / sum) }
        var missing = bookings - counts.reduce(0, +)
        var index = 0
        while missing > 0 {
            counts[index % courses] += 1
            missing -= 1
            index += 1
        }
        return counts
    }

    private func firstMonday(onOrAfter dayNumber: Int) -> Int {
        let weekday = CalendarDay(dayNumber: dayNumber).weekday.rawValue  // Monday = 1
        return dayNumber + (8 - weekday) % 7
    }
}
