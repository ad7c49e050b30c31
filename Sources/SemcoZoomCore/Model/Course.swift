import Foundation

/// Where a record came from, so every message can name the file and the line (CSV)
/// or the element path (XML).
///
/// 16 bytes (12 used), because every course, trainer and booking carries one: a shared,
/// immutable `Origin` (the file name, and for XML the record path without its index) plus
/// the line, or the record's index among its siblings. The readers make one origin per
/// file; the element path is put together only when a message asks for it. A location
/// made by `init(file:line:elementPath:)` keeps its values in an origin of its own.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What every location of one file (or of one kind of XML record) shares.
    final class Origin: Sendable {
        enum Form: Sendable {
            /// The location's number is its line.
            case lines
            /// The location's number is the record's index: `elementPath[number]`.
            case indexed
            /// One location with these values (the number is unused).
            case single(line: Int?)
        }

        let file: String
        let elementPath: String?
        let form: Form

        init(file: String, elementPath: String? = nil, form: Form = .lines) {
            self.file = file
            self.elementPath = elementPath
            self.form = form
        }
    }

    private var origin: Origin
    private var number: Int32

    public init(file: String, line: Int? = nil, elementPath: String? = nil) {
        origin = Origin(file: file, elementPath: elementPath, form: .single(line: line))
        number = 0
    }

    /// A line of a file whose origin (`.lines`) the reader made once.
    init(origin: Origin, line: Int) {
        if case .lines = origin.form, let number = Int32(exactly: line) {
            self.origin = origin
            self.number = number
        } else {
            self.origin = Origin(file: origin.file, elementPath: origin.elementPath, form: .single(line: line))
            number = 0
        }
    }

    /// The `index`-th record under an `.indexed` origin: `<origin path>[index]`.
    init(origin: Origin, index: Int) {
        if case .indexed = origin.form, origin.elementPath != nil, let number = Int32(exactly: index) {
            self.origin = origin
            self.number = number
        } else {
            self.origin = Origin(
                file: origin.file, elementPath: "\(origin.elementPath ?? "")[\(index)]", form: .single(line: nil))
            number = 0
        }
    }

    public var file: String {
        get { origin.file }
        set { self = SourceLocation(file: newValue, line: line, elementPath: elementPath) }
    }

    /// 1-based line of the record's first line in a CSV file.
    public var line: Int? {
        get {
            switch origin.form {
            case .lines: return Int(number)
            case .indexed: return nil
            case .single(let line): return line
            }
        }
        set { self = SourceLocation(file: file, line: newValue, elementPath: elementPath) }
    }

    /// Element path in an XML file, e.g. `/kurse/kurs[3]/startdatum`.
    public var elementPath: String? {
        get {
            guard let path = origin.elementPath else { return nil }
            if case .indexed = origin.form { return "\(path)[\(number)]" }
            return path
        }
        set { self = SourceLocation(file: file, line: line, elementPath: newValue) }
    }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.origin === rhs.origin { return lhs.number == rhs.number }
        return lhs.file == rhs.file && lhs.line == rhs.line && lhs.elementPath == rhs.elementPath
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(line)
        hasher.combine(elementPath)
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, elementPath
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try c.decode(String.self, forKey: .file), line: try c.decodeIfPresent(Int.self, forKey: .line),
            elementPath: try c.decodeIfPresent(String.self, forKey: .elementPath))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(elementPath, forKey: .elementPath)
    }

    public var description: String {
        if let line { return "\(file):\(line)" }
        if let elementPath { return "\(file) \(elementPath)" }
        return file
    }
}

/// SEMCO's course number (Kursnr): opaque text, ordered numerically when both are numbers.
public struct CourseNumber: Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static func < (lhs: CourseNumber, rhs: CourseNumber) -> Bool {
        if let a = Int(lhs.rawValue), let b = Int(rhs.rawValue) { return a < b }
        return lhs.rawValue < rhs.rawValue
    }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// Kursstatus.
public enum CourseStatus: String, Sendable, Codable, CaseIterable {
    case planned = "geplant"
    case confirmed = "bestätigt"
    case running = "laufender Kurs"
    case finished = "beendet"
    case cancelled = "storniert"
}

/// `Moderator des Webinars`: who hosts the Zoom meeting.
public enum ModeratorRole: String, Sendable, Codable {
    /// The course's Kursbetreuer (an administrative employee).
    case courseSupervisor = "Kursbetreuer"
    /// The one assigned trainer whose `Moderator` box is ticked.
    case trainer = "Trainer"
}

/// A person in SEMCO's user administration who may host (Kursbetreuer).
public struct CourseSupervisor: Hashable, Sendable, Codable {
    /// Display name as SEMCO exports it, `Nachname, Vorname`.
    public var name: String?
    public var shortCode: String?
    /// `Kursbetreuer Zoom Benutzername` (an e-mail address).
    public var zoomUser: String?
}

/// Kurszeiten: one weekday's time slot.
public struct WeeklyTime: Hashable, Sendable, Codable {
    public var weekday: Weekday
    public var from: LocalTime
    public var to: LocalTime
    public init(weekday: Weekday, from: LocalTime, to: LocalTime) {
        self.weekday = weekday
        self.from = from
        self.to = to
    }
}

/// Einzeltermin: one dated session as SEMCO lists it.
public struct ScheduledDate: Hashable, Sendable, Codable {
    public var day: CalendarDay
    public var from: LocalTime
    public var to: LocalTime
    public var source: SourceLocation?
}

/// A course (Kurs) as the course export describes it.
public struct Course: Hashable, Sendable, Codable {
    public var number: CourseNumber
    public var title: String
    public var status: CourseStatus
    /// Veranstaltungsort, e.g. `Zoom Meeting Room`.
    public var venue: String
    public var startDay: CalendarDay
    public var endDay: CalendarDay
    public var moderatorRole: ModeratorRole?
    public var supervisor: CourseSupervisor?
    /// Kurszeiten; ignored when `scheduledDates` is not empty.
    public var weeklyTimes: [WeeklyTime] = []
    /// Einzeltermine; when present they are the course's sessions.
    public var scheduledDates: [ScheduledDate] = []
    /// `Max. TN`.
    public var maxParticipants: Int?
    /// `Veranstaltungsart` (`Präsenz`, `Live-Online`).
    public var eventType: String?
    /// `Zoom synchronisieren`: nil when the export has no such column.
    public var syncRequested: Bool?
    public var source: SourceLocation
}

/// Trainerzuordnung: one trainer assigned to one course.
public struct TrainerAssignment: Hashable, Sendable, Codable {
    public var courseNumber: CourseNumber
    public var shortCode: String
    public var firstName: String
    public var lastName: String
    public var zoomUser: String?
    public var source: SourceLocation
    /// `Moderator` = Ja. (The flags come after `source`: they fill its spare bytes.)
    public var isModerator: Bool
    /// `Zugang aktiv` (default Ja).
    public var loginActive: Bool

    public init(
        courseNumber: CourseNumber, shortCode: String, firstName: String, lastName: String,
        zoomUser: String? = nil, isModerator: Bool = false, loginActive: Bool = true, source: SourceLocation
    ) {
        self.courseNumber = courseNumber
        self.shortCode = shortCode
        self.firstName = firstName
        self.lastName = lastName
        self.zoomUser = zoomUser
        self.isModerator = isModerator
        self.loginActive = loginActive
        self.source = source
    }

    /// `Vorname Nachname`, as the guide writes names in its messages.
    public var displayName: String { "\(firstName) \(lastName)" }
}

/// Buchungsstatus.
public enum BookingStatus: String, Sendable, Codable, CaseIterable {
    case request = "Anfrage"
    case confirmed = "Bestätigte Buchung"
    case running = "Laufender Kurs"
    case finished = "Beendet"
    case cancelled = "Storniert"
}

/// A set of booking statuses as bits: membership without hashing the status's raw value
/// (a `Set<BookingStatus>` hashes "Bestätigte Buchung", with Unicode normalisation, on
/// every lookup).
struct BookingStatusSet: Sendable {
    private var bits: UInt8 = 0

    init<S: Sequence<BookingStatus>>(_ statuses: S) {
        for status in statuses { bits |= Self.bit(status) }
    }

    func contains(_ status: BookingStatus) -> Bool { bits & Self.bit(status) != 0 }

    private static func bit(_ status: BookingStatus) -> UInt8 {
        switch status {
        case .request: return 1
        case .confirmed: return 2
        case .running: return 4
        case .finished: return 8
        case .cancelled: return 16
        }
    }
}

/// A booking (Buchung) of one participant on one course.
public struct Booking: Hashable, Sendable, Codable {
    /// Buchungsnummer, e.g. `BN27-00159`.
    public var number: String
    public var courseNumber: CourseNumber
    public var salutation: String?
    public var firstName: String
    public var lastName: String
    /// `E-Mail` (or `E-Mail-Versand an`); nil when the cell is empty.
    public var email: String?
    /// `Teilnehmer der Firma`: sent to Zoom as the registrant's organisation.
    public var company: String?
    public var source: SourceLocation
    /// Declared after `source`, so it fills the location's spare bytes (a booking is 128
    /// bytes, not 136: 500,000 of them are held at once).
    public var status: BookingStatus

    public init(
        number: String, courseNumber: CourseNumber, salutation: String? = nil, firstName: String, lastName: String,
        email: String?, company: String? = nil, status: BookingStatus, source: SourceLocation
    ) {
        self.number = number
        self.courseNumber = courseNumber
        self.salutation = salutation
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.company = company
        self.status = status
        self.source = source
    }
}

/// A concrete session of a course: a start and an end instant, plus the wall-clock
/// values they came from in the configured time zone.
public struct Session: Hashable, Sendable, Codable, Comparable {
    public var day: CalendarDay
    public var from: LocalTime
    public var to: LocalTime
    public var start: Date
    public var end: Date

    public var durationMinutes: Int { Int((end.timeIntervalSince(start) / 60).rounded()) }

    public static func < (lhs: Session, rhs: Session) -> Bool { lhs.start < rhs.start }
}

/// The kinds of SEMCO export.
public enum ExportKind: String, Sendable, Codable, CaseIterable {
    case courses
    case sessions
    case trainers
    case bookings
}

/// One input file a run read.
public struct InputFile: Hashable, Sendable, Codable {
    public var kind: ExportKind
    /// Path as the run found it.
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    public var format: String  // "csv" or "xml"
}

/// Everything one set of SEMCO exports says: the input of every run.
public struct Snapshot: Sendable, Codable {
    public var courses: [Course] = []
    public var trainers: [TrainerAssignment] = []
    public var bookings: [Booking] = []
    public var files: [InputFile] = []
}
