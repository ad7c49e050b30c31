import Foundation

/// The write-back files for SEMCO (README.md, "Outputs of a run"): `;`-separated, UTF-8 with
/// BOM, CRLF, `Ja`/`Nein`, built from the state file after the run.
public enum SemcoWriteBack {
    public static let folder = "semco-import"
    public static let coursesFile = "kurse.csv"
    public static let bookingsFile = "buchungen.csv"
    public static let coursesHeader = [
        "Kursnr", "Webinar angelegt", "Meeting-ID", "Beitritts-URL", "Registrierungs-URL",
    ]
    public static let bookingsHeader = ["Buchungsnummer", "Kursnr", "Ins Webinar eingebucht", "Beitritts-URL"]

    private static let format = DelimitedText(delimiter: ";", byteOrderMark: true)

    private static func yesNo(_ value: Bool) -> String { value ? "Ja" : "Nein" }

    /// True when the course's meeting exists in Zoom as far as the state knows.
    static func meetingExists(_ course: ManagedCourse) -> Bool {
        course.meetingID != nil && course.phase != .deleted
    }

    private static func sortedCourses(_ state: SyncState) -> [ManagedCourse] {
        state.courses.values.sorted {
            $0.number < $1.number || ($0.number == $1.number && $0.number.rawValue < $1.number.rawValue)
        }
    }

    /// `Kursnr;Webinar angelegt;Meeting-ID;Beitritts-URL;Registrierungs-URL`, one row per managed course.
    public static func coursesCSV(_ state: SyncState) -> Data {
        var records = [coursesHeader]
        for course in sortedCourses(state) {
            let exists = meetingExists(course)
            records.append([
                course.number.rawValue,
                yesNo(exists),
                exists ? course.meetingID.map(String.init) ?? "" : "",
                exists ? course.joinURL ?? "" : "",
                exists ? course.registrationURL ?? "" : "",
            ])
        }
        return format.encode(records)
    }

    /// `Buchungsnummer;Kursnr;Ins Webinar eingebucht;Beitritts-URL`, one row per booking behind a
    /// registrant the state knows; the URL is the registrant's personal join link.
    public static func bookingsCSV(_ state: SyncState) -> Data {
        var records = [bookingsHeader]
        for course in sortedCourses(state) {
            var rows: [(String, Bool, String)] = []
            for registrant in course.registrants.values {
                let registered = registrant.status == .registered && meetingExists(course)
                for booking in registrant.bookings {
                    rows.append((booking, registered, registered ? registrant.joinURL ?? "" : ""))
                }
            }
            // One booking could appear under two addresses after an address change: registered wins.
            var byBooking: [String: (Bool, String)] = [:]
            for (booking, registered, url) in rows {
                if let existing = byBooking[booking], existing.0 && !registered { continue }
                byBooking[booking] = (registered, url)
            }
            for booking in byBooking.keys.sorted() {
                let (registered, url) = byBooking[booking]!
                records.append([booking, course.number.rawValue, yesNo(registered), url])
            }
        }
        return format.encode(records)
    }

    /// Writes both files into `<outDir>/semco-import/` and returns their URLs.
    @discardableResult
    public static func write(_ state: SyncState, into outDir: URL) throws -> [URL] {
        let folder = outDir.appendingPathComponent(Self.folder, isDirectory: true)
        try OwnerOnlyFiles.createDirectory(folder)
        let courses = folder.appendingPathComponent(coursesFile)
        let bookings = folder.appendingPathComponent(bookingsFile)
        try OwnerOnlyFiles.write(coursesCSV(state), to: courses)
        try OwnerOnlyFiles.write(bookingsCSV(state), to: bookings)
        return [courses, bookings]
    }
}
