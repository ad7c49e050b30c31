import Foundation

/// One field of a record as a reader found it, before it is interpreted.
struct RawField: Sendable {
    var value: String
    /// The column header (CSV) or element name (XML) as written in the file.
    var column: String
    /// The record's location; an XML field's own path (record path + `/element`) is made
    /// only when a message asks for it.
    var recordLocation: SourceLocation
    var isElement: Bool

    init(value: String, column: String, location: SourceLocation) {
        self.value = value
        self.column = column
        recordLocation = location
        isElement = false
    }

    init(value: String, element: String, recordLocation: SourceLocation) {
        self.value = value
        column = element
        self.recordLocation = recordLocation
        isElement = true
    }

    var location: SourceLocation {
        guard isElement, let path = recordLocation.elementPath else { return recordLocation }
        return SourceLocation(file: recordLocation.file, line: recordLocation.line, elementPath: path + "/" + column)
    }
}

/// One weekly time slot or dated session given as XML attributes.
struct RawSlot: Sendable {
    var weekday: String?
    var date: String?
    var from: String?
    var to: String?
    var location: SourceLocation
}

/// What the record builder reads from a record of either reader, by field position
/// (`ExportFields.Slot`): `RawRecord` (XML, tests) and `CSVFields` (a CSV row's bytes,
/// decoded only for the fields asked for).
protocol RecordFields {
    var kind: ExportKind { get }
    var location: SourceLocation { get }
    /// CSV: every column the header lacks is absent from every record. XML: per record.
    var checksRequiredPerRecord: Bool { get }
    /// `<kurszeiten><tag …/>` (XML only).
    var weeklySlots: [RawSlot] { get }
    /// `<einzeltermine><termin …/>` (XML only).
    var dateSlots: [RawSlot] { get }
    func has(_ slot: Int) -> Bool
    /// The value as found; nil when the field is absent.
    func value(_ slot: Int) -> String?
    /// The value trimmed of white space and line breaks (`TextTrim.whitespacesAndNewlines`);
    /// nil when the field is absent.
    func trimmedValue(_ slot: Int) -> String?
    /// The field with its column and location (for messages).
    func field(_ slot: Int) -> RawField?
    /// Like `trimmedValue`, for a field whose values repeat across records (a company's
    /// name): a reader may hand out one shared `String` per distinct value.
    func sharedTrimmedValue(_ slot: Int) -> String?
    /// `match` applied to the value's UTF-8 bytes, trimmed of ASCII blanks; nil when the
    /// field is absent, the bytes are not UTF-8 (a Windows-1252 file) or `match` gives nil.
    /// For exact comparisons with literals without decoding (`FieldValues.exactBookingStatus`).
    func matchUTF8<T>(_ slot: Int, _ match: (UnsafeBufferPointer<UInt8>) -> T?) -> T?
}

extension RecordFields {
    func sharedTrimmedValue(_ slot: Int) -> String? { trimmedValue(slot) }

    func matchUTF8<T>(_ slot: Int, _ match: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard var value = trimmedValue(slot) else { return nil }
        return value.withUTF8 { match($0) }
    }
}

/// A record of any export, its fields stored by position in `ExportFields.fields(of: kind)`
/// (both readers map a header or element name onto that position once per file or name).
struct RawRecord: Sendable, RecordFields {
    var kind: ExportKind
    var location: SourceLocation
    /// `strings[slot]`: the value of the field at that position of `ExportFields.fields(of: kind)`,
    /// nil when absent.
    var strings: [String?]
    /// `columns[slot]`: the header (CSV) or element name (XML) the value came under. A CSV
    /// file shares one array for all its records.
    var columns: [String]
    /// `<kurszeiten><tag …/>` (XML only).
    var weeklySlots: [RawSlot] = []
    /// `<einzeltermine><termin …/>` (XML only).
    var dateSlots: [RawSlot] = []
    /// CSV: every column the header lacks is absent from every record. XML: per record.
    var checksRequiredPerRecord: Bool

    init(kind: ExportKind, location: SourceLocation, checksRequiredPerRecord: Bool) {
        self.kind = kind
        self.location = location
        self.checksRequiredPerRecord = checksRequiredPerRecord
        let count = ExportFields.fields(of: kind).count
        strings = Array(repeating: nil, count: count)
        columns = Array(repeating: "", count: count)
    }

    init(
        kind: ExportKind, location: SourceLocation, strings: [String?], columns: [String], checksRequiredPerRecord: Bool
    ) {
        self.kind = kind
        self.location = location
        self.strings = strings
        self.columns = columns
        self.checksRequiredPerRecord = checksRequiredPerRecord
    }

    /// The field at `slot` with its column and location (made on demand, for messages).
    @inline(__always)
    func field(_ slot: Int) -> RawField? {
        guard let value = strings[slot] else { return nil }
        return checksRequiredPerRecord
            ? RawField(value: value, element: columns[slot], recordLocation: location)
            : RawField(value: value, column: columns[slot], location: location)
    }

    func has(_ slot: Int) -> Bool { strings[slot] != nil }

    func value(_ slot: Int) -> String? { strings[slot] }

    @inline(__always)
    func trimmedValue(_ slot: Int) -> String? { strings[slot].map(TextTrim.whitespacesAndNewlines) }

    /// Sets the field at `slot`.
    mutating func set(_ slot: Int, value: String, column: String) {
        strings[slot] = value
        columns[slot] = column
    }

    /// The present fields keyed by their XML-safe name (for tests and messages; the hot
    /// path reads `values`).
    var fields: [String: RawField] {
        var result: [String: RawField] = [:]
        let specs = ExportFields.fields(of: kind)
        for slot in strings.indices { if let value = field(slot) { result[specs[slot].key] = value } }
        return result
    }
}

/// Messages about input that cannot be trusted (rejections), in both languages.
enum Rejections {
    static func place(_ location: SourceLocation, column: String?) -> LocalizedText {
        var de = location.file
        var en = location.file
        if let line = location.line {
            de += ", Zeile \(line)"
            en += ", line \(line)"
        }
        if let path = location.elementPath {
            de += ", Element \(path)"
            en += ", element \(path)"
        }
        if let column, location.elementPath == nil || !(location.elementPath!.hasSuffix("/\(column)")) {
            de += ", Spalte „\(column)“"
            en += ", column \"\(column)\""
        }
        return LocalizedText(de: de, en: en)
    }

    static func make(_ location: SourceLocation, column: String?, value: String?, de: String, en: String)
        -> InputRejection
    {
        let at = place(location, column: column)
        return InputRejection(
            file: location.file, line: location.line, elementPath: location.elementPath, column: column, value: value,
            message: LocalizedText(de: "\(at.de): \(de)", en: "\(at.en): \(en)"))
    }

    static func badValue(_ field: RawField, expectedDE: String, expectedEN: String) -> InputRejection {
        make(
            field.location, column: field.column, value: field.value,
            de:
                "„\(field.value)“ ist \(expectedDE). Bitte korrigieren Sie den Wert in SEMCO und exportieren Sie erneut.",
            en: "\"\(field.value)\" is \(expectedEN). Please correct the value in SEMCO and export again.")
    }
}

/// Typed access to a record's fields by position (`ExportFields.Slot`); every failure
/// names file, line or element path, column and value.
struct FieldReader<Record: RecordFields> {
    let record: Record

    /// The spec's header of the field at `slot` (for messages).
    func header(_ slot: Int) -> String { ExportFields.fields(of: record.kind)[slot].header }

    /// The trimmed value; nil when the field is absent or empty.
    @inline(__always)
    func text(_ slot: Int) -> String? {
        guard let trimmed = record.trimmedValue(slot) else { return nil }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `text`, shared among records with the same value where the reader can.
    func sharedText(_ slot: Int) -> String? {
        guard let trimmed = record.sharedTrimmedValue(slot) else { return nil }
        return trimmed.isEmpty ? nil : trimmed
    }

    @inline(__always)
    func field(_ slot: Int) -> RawField? { record.field(slot) }

    func has(_ slot: Int) -> Bool { record.has(slot) }

    /// A column that must be present (XML: an element each record must have).
    /// XML: an element left out of one record counts as empty (the file-level check that
    /// some record has it is the reader's).
    func presentText(_ slot: Int) throws -> String {
        guard let value = record.trimmedValue(slot) else {
            if record.checksRequiredPerRecord { return "" }
            throw missing(slot)
        }
        return value
    }

    /// A value that must be present and not empty.
    func requiredText(_ slot: Int) throws -> String {
        guard let value = record.trimmedValue(slot) else { throw missing(slot) }
        guard !value.isEmpty else {
            let header = header(slot)
            let field = field(slot)!
            throw Rejections.make(
                field.location, column: field.column, value: "",
                de: "Der Wert fehlt; „\(header)“ muss ausgefüllt sein.",
                en: "The value is missing; \"\(header)\" must be filled in.")
        }
        return value
    }

    func missing(_ slot: Int) -> InputRejection {
        let header = header(slot)
        let name = record.checksRequiredPerRecord ? ExportFields.xmlName(header) : header
        return Rejections.make(
            record.location, column: name, value: nil,
            de: record.checksRequiredPerRecord
                ? "Das Pflichtelement <\(name)> fehlt." : "Die Pflichtspalte „\(header)“ fehlt.",
            en: record.checksRequiredPerRecord
                ? "The required element <\(name)> is missing." : "The required column \"\(header)\" is missing.")
    }

    func day(_ slot: Int, required: Bool) throws -> CalendarDay? {
        let value = required ? try requiredText(slot) : text(slot)
        guard let value else { return nil }
        guard let day = FieldValues.day(value) else {
            throw Rejections.badValue(
                field(slot)!, expectedDE: "kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)",
                expectedEN: "not a valid date (expected dd.MM.yyyy or yyyy-MM-dd)")
        }
        return day
    }

    func time(_ slot: Int, required: Bool) throws -> LocalTime? {
        let value = required ? try requiredText(slot) : text(slot)
        guard let value else { return nil }
        guard let time = LocalTime(value) else {
            throw Rejections.badValue(
                field(slot)!, expectedDE: "keine gültige Uhrzeit (erwartet HH:mm, 24 Stunden)",
                expectedEN: "not a valid time (expected HH:mm, 24 hours)")
        }
        return time
    }

    /// Empty = Nein; nil only when the field is absent.
    func bool(_ slot: Int) throws -> Bool? {
        guard let raw = record.value(slot) else { return nil }
        guard let value = FieldValues.bool(raw) else {
            let field = field(slot)!
            throw Rejections.badValue(
                field, expectedDE: "kein Ja/Nein-Wert (erwartet Ja, Nein, x, 1, 0, true, false oder leer)",
                expectedEN: "not a yes/no value (expected Ja, Nein, x, 1, 0, true, false or empty)")
        }
        return value
    }

    func count(_ slot: Int) throws -> Int? {
        guard let value = text(slot) else { return nil }
        guard let number = FieldValues.wholeNumber(value) else {
            throw Rejections.badValue(
                field(slot)!, expectedDE: "keine ganze Zahl ≥ 0", expectedEN: "not a whole number ≥ 0")
        }
        return number
    }
}

/// Parsing of SEMCO's value forms.
enum FieldValues {
    /// `dd.MM.yyyy` (also `d.M.yyyy`) or ISO `yyyy-MM-dd` (a time part after `T` or a space is ignored).
    static func day(_ text: String) -> CalendarDay? {
        if let fast = fastDay(text) { return fast }
        var value = TextTrim.whitespaces(text)
        if let cut = value.firstIndex(where: { $0 == "T" || $0 == " " }) { value = String(value[..<cut]) }
        if let iso = CalendarDay(iso: value) { return iso }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
            CalendarDay.isValid(year: y, month: m, day: d)
        else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// `dd.MM.yyyy` exactly, on bytes (the form SEMCO writes); nil sends the text down the general path.
    @inline(__always)
    static func fastDay(_ text: String) -> CalendarDay? {
        var text = text
        return text.withUTF8 { b -> CalendarDay? in
            guard b.count == 10, b[2] == 0x2E, b[5] == 0x2E else { return nil }
            func digit(_ i: Int) -> Int? { b[i] >= 0x30 && b[i] <= 0x39 ? Int(b[i] - 0x30) : nil }
            guard let d1 = digit(0), let d2 = digit(1), let m1 = digit(3), let m2 = digit(4),
                let y1 = digit(6), let y2 = digit(7), let y3 = digit(8), let y4 = digit(9)
            else { return nil }
            let d = d1 * 10 + d2
            let m = m1 * 10 + m2
            let y = ((y1 * 10 + y2) * 10 + y3) * 10 + y4
            guard CalendarDay.isValid(year: y, month: m, day: d) else { return nil }
            return CalendarDay(year: y, month: m, day: d)
        }
    }

    static func bool(_ text: String) -> Bool? {
        if text.isEmpty { return false }
        switch TextTrim.whitespacesAndNewlines(text).lowercased() {
        case "ja", "j", "x", "1", "true", "yes", "wahr": return true
        case "nein", "n", "", "0", "false", "no", "falsch": return false
        default: return nil
        }
    }

    /// A whole number, also written with a decimal comma or point and zero decimals (`12,0`).
    static func wholeNumber(_ text: String) -> Int? {
        let value = TextTrim.whitespaces(text)
        if let n = Int(value), n >= 0 { return n }
        for separator in [",", "."] {
            let parts = value.split(separator: Character(separator), omittingEmptySubsequences: false)
            if parts.count == 2, let n = Int(parts[0]), n >= 0, !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) {
                return n
            }
        }
        return nil
    }

    /// A decimal number with a decimal comma (or point).
    static func decimal(_ text: String) -> Double? {
        let value = TextTrim.whitespaces(text)
        if value.contains(",") && value.contains(".") {
            return Double(value.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "."))
        }
        return Double(value.replacingOccurrences(of: ",", with: "."))
    }

    static func courseStatus(_ text: String) -> CourseStatus? {
        // SEMCO's own spellings, compared as bytes, before the general normalisation.
        if isExactly(text, "bestätigt") { return .confirmed }
        if isExactly(text, "geplant") { return .planned }
        if isExactly(text, "storniert") { return .cancelled }
        if isExactly(text, "beendet") { return .finished }
        if isExactly(text, "laufender Kurs") { return .running }
        switch normalized(text) {
        case "geplant": return .planned
        case "bestätigt", "bestaetigt", "bestatigt": return .confirmed
        case "laufender kurs", "laufend": return .running
        case "beendet": return .finished
        case "storniert": return .cancelled
        default: return nil
        }
    }

    /// SEMCO's own spelling of a booking status, byte for byte (UTF-8); nil for anything
    /// else, which `bookingStatus` then judges.
    static func exactBookingStatus(_ bytes: UnsafeBufferPointer<UInt8>) -> BookingStatus? {
        if isExactly(bytes, "Bestätigte Buchung") { return .confirmed }
        if isExactly(bytes, "Storniert") { return .cancelled }
        if isExactly(bytes, "Anfrage") { return .request }
        if isExactly(bytes, "Beendet") { return .finished }
        if isExactly(bytes, "Laufender Kurs") { return .running }
        return nil
    }

    @inline(__always)
    static func isExactly(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    static func bookingStatus(_ text: String) -> BookingStatus? {
        var bytes = text
        if let exact = bytes.withUTF8({ exactBookingStatus($0) }) { return exact }
        switch normalized(text) {
        case "anfrage": return .request
        case "bestätigte buchung", "bestaetigte buchung", "bestätigt", "bestaetigt": return .confirmed
        case "laufender kurs": return .running
        case "beendet": return .finished
        case "storniert": return .cancelled
        default: return nil
        }
    }

    static func moderatorRole(_ text: String) -> ModeratorRole? {
        if isExactly(text, "Kursbetreuer") { return .courseSupervisor }
        if isExactly(text, "Trainer") { return .trainer }
        switch normalized(text) {
        case "kursbetreuer": return .courseSupervisor
        case "trainer": return .trainer
        default: return nil
        }
    }

    @inline(__always)
    static func isExactly(_ text: String, _ literal: StaticString) -> Bool {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return text.utf8.elementsEqual(bytes)
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
