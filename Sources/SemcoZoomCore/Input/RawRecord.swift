import Foundation

/// One field of a record as a reader found it, before it is interpreted.
struct RawField: Sendable {
    var value: String
    /// The column header (CSV) or element name (XML) as written in the file.
    var column: String
    var location: SourceLocation
}

/// One weekly time slot or dated session given as XML attributes.
struct RawSlot: Sendable {
    var weekday: String?
    var date: String?
    var from: String?
    var to: String?
    var location: SourceLocation
}

/// A record of any export, keyed by the XML-safe field name, as both readers deliver it.
struct RawRecord: Sendable {
    var kind: ExportKind
    var location: SourceLocation
    var fields: [String: RawField] = [:]
    /// `<kurszeiten><tag …/>` (XML only).
    var weeklySlots: [RawSlot] = []
    /// `<einzeltermine><termin …/>` (XML only).
    var dateSlots: [RawSlot] = []
    /// CSV: every column the header lacks is absent from every record. XML: per record.
    var checksRequiredPerRecord: Bool

    var isBlank: Bool { fields.values.allSatisfy { $0.value.trimmingCharacters(in: .whitespaces).isEmpty } && weeklySlots.isEmpty && dateSlots.isEmpty }
}

/// Messages about input that cannot be trusted (rejections), in both languages.
enum Rejections {
    static func place(_ location: SourceLocation, column: String?) -> LocalizedText {
        var de = location.file
        var en = location.file
        if let line = location.line { de += ", Zeile \(line)"; en += ", line \(line)" }
        if let path = location.elementPath { de += ", Element \(path)"; en += ", element \(path)" }
        if let column, location.elementPath == nil || !(location.elementPath!.hasSuffix("/\(column)")) {
            de += ", Spalte „\(column)“"; en += ", column \"\(column)\""
        }
        return LocalizedText(de: de, en: en)
    }

    static func make(_ location: SourceLocation, column: String?, value: String?, de: String, en: String) -> InputRejection {
        let where_ = place(location, column: column)
        return InputRejection(file: location.file, line: location.line, elementPath: location.elementPath, column: column, value: value,
                              message: LocalizedText(de: "\(where_.de): \(de)", en: "\(where_.en): \(en)"))
    }

    static func badValue(_ field: RawField, expectedDE: String, expectedEN: String) -> InputRejection {
        make(field.location, column: field.column, value: field.value,
             de: "„\(field.value)“ ist \(expectedDE). Bitte korrigieren Sie den Wert in SEMCO und exportieren Sie erneut.",
             en: "\"\(field.value)\" is \(expectedEN). Please correct the value in SEMCO and export again.")
    }
}

/// Typed access to a raw record's fields; every failure names file, line or element path,
/// column and value.
struct FieldReader {
    let record: RawRecord

    func header(_ spec: String) -> String { spec }

    /// The trimmed value; nil when the field is absent or empty.
    func text(_ header: String) -> String? {
        guard let field = record.fields[ExportFields.xmlName(header)] else { return nil }
        let trimmed = field.value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    func field(_ header: String) -> RawField? { record.fields[ExportFields.xmlName(header)] }

    func has(_ header: String) -> Bool { record.fields[ExportFields.xmlName(header)] != nil }

    /// A column that must be present (XML: an element each record must have).
    /// XML: an element left out of one record counts as empty (the file-level check that
    /// some record has it is the reader's).
    func presentText(_ header: String) throws -> String {
        guard let field = field(header) else {
            if record.checksRequiredPerRecord { return "" }
            throw missing(header)
        }
        return field.value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A value that must be present and not empty.
    func requiredText(_ header: String) throws -> String {
        guard let field = field(header) else { throw missing(header) }
        let value = field.value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw Rejections.make(field.location, column: field.column, value: "",
                                  de: "Der Wert fehlt; „\(header)“ muss ausgefüllt sein.",
                                  en: "The value is missing; \"\(header)\" must be filled in.")
        }
        return value
    }

    func missing(_ header: String) -> InputRejection {
        let name = record.checksRequiredPerRecord ? ExportFields.xmlName(header) : header
        return Rejections.make(record.location, column: name, value: nil,
                               de: record.checksRequiredPerRecord ? "Das Pflichtelement <\(name)> fehlt." : "Die Pflichtspalte „\(header)“ fehlt.",
                               en: record.checksRequiredPerRecord ? "The required element <\(name)> is missing." : "The required column \"\(header)\" is missing.")
    }

    func day(_ header: String, required: Bool) throws -> CalendarDay? {
        let value = required ? try requiredText(header) : text(header)
        guard let value else { return nil }
        guard let day = FieldValues.day(value) else {
            throw Rejections.badValue(field(header)!, expectedDE: "kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)",
                                      expectedEN: "not a valid date (expected dd.MM.yyyy or yyyy-MM-dd)")
        }
        return day
    }

    func time(_ header: String, required: Bool) throws -> LocalTime? {
        let value = required ? try requiredText(header) : text(header)
        guard let value else { return nil }
        guard let time = LocalTime(value) else {
            throw Rejections.badValue(field(header)!, expectedDE: "keine gültige Uhrzeit (erwartet HH:mm, 24 Stunden)",
                                      expectedEN: "not a valid time (expected HH:mm, 24 hours)")
        }
        return time
    }

    /// Empty = Nein; nil only when the field is absent.
    func bool(_ header: String) throws -> Bool? {
        guard let field = field(header) else { return nil }
        guard let value = FieldValues.bool(field.value) else {
            throw Rejections.badValue(field, expectedDE: "kein Ja/Nein-Wert (erwartet Ja, Nein, x, 1, 0, true, false oder leer)",
                                      expectedEN: "not a yes/no value (expected Ja, Nein, x, 1, 0, true, false or empty)")
        }
        return value
    }

    func count(_ header: String) throws -> Int? {
        guard let value = text(header) else { return nil }
        guard let number = FieldValues.wholeNumber(value) else {
            throw Rejections.badValue(field(header)!, expectedDE: "keine ganze Zahl ≥ 0", expectedEN: "not a whole number ≥ 0")
        }
        return number
    }
}

/// Parsing of SEMCO's value forms.
enum FieldValues {
    /// `dd.MM.yyyy` (also `d.M.yyyy`) or ISO `yyyy-MM-dd` (a time part after `T` or a space is ignored).
    static func day(_ text: String) -> CalendarDay? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if let cut = value.firstIndex(where: { $0 == "T" || $0 == " " }) { value = String(value[..<cut]) }
        if let iso = CalendarDay(iso: value) { return iso }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
              CalendarDay.isValid(year: y, month: m, day: d) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "ja", "j", "x", "1", "true", "yes", "wahr": return true
        case "nein", "n", "", "0", "false", "no", "falsch": return false
        default: return nil
        }
    }

    /// A whole number, also written with a decimal comma or point and zero decimals (`12,0`).
    static func wholeNumber(_ text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(value), n >= 0 { return n }
        for separator in [",", "."] {
            let parts = value.split(separator: Character(separator), omittingEmptySubsequences: false)
            if parts.count == 2, let n = Int(parts[0]), n >= 0, !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) { return n }
        }
        return nil
    }

    /// A decimal number with a decimal comma (or point).
    static func decimal(_ text: String) -> Double? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.contains(",") && value.contains(".") {
            return Double(value.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "."))
        }
        return Double(value.replacingOccurrences(of: ",", with: "."))
    }

    static func courseStatus(_ text: String) -> CourseStatus? {
        switch normalized(text) {
        case "geplant": return .planned
        case "bestätigt", "bestaetigt", "bestatigt": return .confirmed
        case "laufender kurs", "laufend": return .running
        case "beendet": return .finished
        case "storniert": return .cancelled
        default: return nil
        }
    }

    static func bookingStatus(_ text: String) -> BookingStatus? {
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
        switch normalized(text) {
        case "kursbetreuer": return .courseSupervisor
        case "trainer": return .trainer
        default: return nil
        }
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
