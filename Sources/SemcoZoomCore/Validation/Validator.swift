import Foundation

public enum Validator {
    /// Course- and booking-level diagnostics (never fatal) for a snapshot that was read.
    ///
    /// The Zoom-specific checks judge only Zoom courses (Veranstaltungsort = the configured
    /// room, case-insensitive) that a run could sync: status `bestätigt` or `laufender Kurs`
    /// and not ended before `today`. Rows for courses missing from the course export are
    /// warned about for every course.
    public static func validate(_ snapshot: Snapshot, configuration: Configuration, today: CalendarDay) -> [Diagnostic] {
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        var known: Set<CourseNumber> = []
        for course in snapshot.courses { known.insert(course.number) }
        var trainersByCourse: [CourseNumber: [TrainerAssignment]] = [:]
        var bookingsByCourse: [CourseNumber: [Booking]] = [:]
        var diagnostics: [Diagnostic] = []
        for trainer in snapshot.trainers {
            if known.contains(trainer.courseNumber) {
                trainersByCourse[trainer.courseNumber, default: []].append(trainer)
            } else {
                diagnostics.append(DiagnosticCatalog.trainerForUnknownCourse(trainer))
            }
        }
        for booking in snapshot.bookings {
            if known.contains(booking.courseNumber) {
                bookingsByCourse[booking.courseNumber, default: []].append(booking)
            } else {
                diagnostics.append(DiagnosticCatalog.bookingForUnknownCourse(booking))
            }
        }
        var perCourse: [Diagnostic] = []
        for course in snapshot.courses where isJudged(course, configuration: configuration, today: today) {
            perCourse += validate(course, trainers: trainersByCourse[course.number] ?? [], bookings: bookingsByCourse[course.number] ?? [],
                                  configuration: configuration, timeZone: timeZone)
        }
        return perCourse + diagnostics
    }

    /// A Zoom course that a run could sync.
    public static func isJudged(_ course: Course, configuration: Configuration, today: CalendarDay) -> Bool {
        isZoomCourse(course, configuration: configuration)
            && (course.status == .confirmed || course.status == .running)
            && course.endDay >= today
    }

    public static func isZoomCourse(_ course: Course, configuration: Configuration) -> Bool {
        course.venue.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(configuration.zoomRoom.trimmingCharacters(in: .whitespaces)) == .orderedSame
    }

    static func validate(_ course: Course, trainers: [TrainerAssignment], bookings: [Booking], configuration: Configuration,
                         timeZone: TimeZone) -> [Diagnostic] {
        var result: [Diagnostic] = []
        typealias Catalog = DiagnosticCatalog

        // Dates and times.
        if course.endDay < course.startDay { result.append(Catalog.endBeforeStart(course)) }
        if course.scheduledDates.isEmpty && course.weeklyTimes.isEmpty {
            result.append(Catalog.noTimes(course))
        } else {
            var badTimes = false
            if course.scheduledDates.isEmpty {
                for time in course.weeklyTimes where time.to <= time.from {
                    badTimes = true
                    result.append(Catalog.sessionEndBeforeStart(course, what: LocalizedText(de: "Die Kurszeit am \(time.weekday.german)", en: "The course time on \(time.weekday.english)"),
                                                                from: time.from, to: time.to, source: course.source))
                }
            } else {
                for date in course.scheduledDates where date.to <= date.from {
                    badTimes = true
                    result.append(Catalog.sessionEndBeforeStart(course, what: LocalizedText(de: "Der Einzeltermin am \(date.day.german)", en: "The session on \(date.day.german)"),
                                                                from: date.from, to: date.to, source: date.source))
                }
            }
            let sessions = course.sessions(in: timeZone)
            if sessions.isEmpty && !badTimes && course.startDay <= course.endDay && course.scheduledDates.isEmpty {
                result.append(Catalog.noSessionsInRange(course))
            }
            if sessions.count > Catalog.maximumSessions { result.append(Catalog.tooManySessions(course, count: sessions.count)) }
        }

        // The moderator (host).
        var host: String?
        switch course.moderatorRole {
        case nil:
            result.append(Catalog.noModerator(course))
        case .courseSupervisor?:
            if let supervisor = course.supervisor, supervisor.name != nil || supervisor.zoomUser != nil {
                let name = supervisor.name.map(displayName(fromSEMCOName:)) ?? supervisor.shortCode ?? "?"
                if let user = supervisor.zoomUser {
                    if isAcceptableEmail(user) { host = user } else {
                        result.append(Catalog.moderatorZoomUserInvalid(course, personName: name, zoomUser: user, source: course.source))
                    }
                } else {
                    result.append(Catalog.moderatorNoZoomUser(course, personName: name, source: course.source))
                }
            } else {
                result.append(Catalog.noModerator(course))
            }
        case .trainer?:
            let ticked = trainers.filter(\.isModerator)
            if ticked.isEmpty {
                result.append(Catalog.moderatorNotTicked(course))
            } else if ticked.count > 1 {
                result.append(Catalog.severalModerators(course, names: ticked.map(\.displayName)))
            } else {
                let trainer = ticked[0]
                if let user = trainer.zoomUser {
                    if isAcceptableEmail(user) { host = user } else {
                        result.append(Catalog.moderatorZoomUserInvalid(course, personName: trainer.displayName, zoomUser: user, source: trainer.source))
                    }
                } else {
                    result.append(Catalog.moderatorNoZoomUser(course, personName: trainer.displayName, source: trainer.source))
                }
                if !trainer.loginActive { result.append(Catalog.moderatorLoginInactive(course, trainer: trainer)) }
            }
        }

        if course.title.count > Catalog.maximumTitleLength { result.append(Catalog.titleTooLong(course)) }

        // Bookings that would be registered.
        let registering = Set(configuration.registeringStatuses)
        var seen: [String: String] = [:]
        var active = 0
        for booking in bookings where registering.contains(booking.status) {
            active += 1
            guard let email = booking.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
                result.append(Catalog.noEmail(booking))
                continue
            }
            if !email.unicodeScalars.allSatisfy(\.isASCII) {
                result.append(Catalog.emailUmlaut(booking, email: email))
                continue
            }
            if !isAcceptableEmail(email) {
                result.append(Catalog.emailInvalid(booking, email: email))
                continue
            }
            let key = email.lowercased()
            if let host, key == host.lowercased() {
                result.append(Catalog.hostAsParticipant(booking, course: course))
                continue
            }
            if let other = seen[key] {
                result.append(Catalog.duplicateEmail(booking, email: email, otherBooking: other))
            } else {
                seen[key] = booking.number
            }
        }
        let capacity = course.maxParticipants ?? configuration.licence.participants
        if active > capacity {
            result.append(Catalog.overCapacity(course, confirmed: active, capacity: capacity, fromLicence: course.maxParticipants == nil))
        }
        return result
    }

    /// `Nachname, Vorname` (SEMCO's display form) → `Vorname Nachname` (the guide's messages).
    public static func displayName(fromSEMCOName name: String) -> String {
        guard let comma = name.firstIndex(of: ",") else { return name.trimmingCharacters(in: .whitespaces) }
        let last = name[..<comma].trimmingCharacters(in: .whitespaces)
        let first = name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return first.isEmpty ? last : "\(first) \(last)"
    }

    /// An address Zoom will take: ASCII, one `@`, a plain local part and a dotted domain.
    public static func isAcceptableEmail(_ text: String) -> Bool {
        let email = text.trimmingCharacters(in: .whitespaces)
        guard email.unicodeScalars.allSatisfy(\.isASCII), email.count <= 254 else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard !local.isEmpty, local.count <= 64, local.allSatisfy({ localAllowed.contains($0) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
        }
        return labels.last!.allSatisfy(\.isLetter) && labels.last!.count >= 2
    }
}
