import Foundation

/// Why `zoom-csv` cannot write a file, in the admin's words.
public struct ZoomCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: LocalizedText
    public init(_ message: LocalizedText) { self.message = message }
    public var description: String { message.en }
}

/// The support command's "generate the import file": the people of one course for Zoom's
/// "Import from CSV", from the state file (default) or from the current exports (`--all`).
public enum ZoomCSVExport {
    /// The people of `course` Zoom would not take (handed to import), from the state file.
    public static func fromState(_ state: SyncState, course: CourseNumber) throws(ZoomCSVError) -> ZoomImportBatch {
        guard let managed = state[course: course] else {
            throw ZoomCSVError(
                LocalizedText(
                    de:
                        "Kurs \(course) ist in der Statusdatei unbekannt: semco-zoom hat ihn nie synchronisiert. Kursnummer prüfen oder mit --all die Teilnehmer aus den aktuellen Exporten ausgeben.",
                    en:
                        "Course \(course) is not in the state file: semco-zoom never synced it. Check the course number, or use --all to take the participants from the current exports."
                ))
        }
        let rows = ZoomImportCSV.rowsHandedToImport(managed)
        return ZoomImportBatch(course: course, meetingID: managed.meetingID, rows: rows)
    }

    /// Every desired registrant of `course` from the current exports: the bookings that register
    /// (configured statuses) with an address Zoom takes, one row per address. The desired-state
    /// builder decides when the course is synced; otherwise (e.g. blocked by an error) the
    /// bookings are filtered the same way by status and address.
    public static func allDesired(
        snapshot: Snapshot, diagnostics: [Diagnostic], state: SyncState, configuration: Configuration,
        course: CourseNumber, today: CalendarDay, now: Date
    ) throws(ZoomCSVError) -> ZoomImportBatch {
        let known = snapshot.courses.contains { $0.number == course } || state[course: course] != nil
        guard known else {
            throw ZoomCSVError(
                LocalizedText(
                    de:
                        "Kurs \(course) steht weder im Kursexport noch in der Statusdatei. Kursnummer und Ablageordner (--drop) prüfen.",
                    en:
                        "Course \(course) is neither in the course export nor in the state file. Check the course number and the drop directory (--drop)."
                ))
        }
        let meetingID = state[course: course]?.meetingID
        let desired = DesiredStateBuilder.build(
            snapshot: snapshot, diagnostics: diagnostics, state: state, configuration: configuration,
            options: DesiredStateOptions(courses: [course], today: today, now: now))
        if let entry = desired.courses.first(where: { $0.number == course }),
            case .sync(_, _, let registrants, _) = entry.intent
        {
            return ZoomImportBatch(
                course: course, meetingID: meetingID,
                rows: registrants.map {
                    ZoomImportRow(email: $0.email, firstName: $0.firstName, lastName: $0.lastName)
                })
        }
        // Bad addresses (no e-mail, non-ASCII, not an address) are left out: Zoom refuses them in the import too.
        let rows = snapshot.bookings
            .filter { $0.courseNumber == course && configuration.registeringStatuses.contains($0.status) }
            .compactMap { booking -> ZoomImportRow? in
                guard let email = booking.email?.trimmingCharacters(in: .whitespaces), isPlausibleAddress(email) else {
                    return nil
                }
                return ZoomImportRow(email: email, firstName: booking.firstName, lastName: booking.lastName)
            }
        return ZoomImportBatch(course: course, meetingID: meetingID, rows: rows)
    }

    static func isPlausibleAddress(_ email: String) -> Bool {
        guard email.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".")
    }
}
