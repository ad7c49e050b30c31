import Foundation

/// The field names of the SEMCO exports (docs/input.md) and the one rule that turns a CSV
/// header into the XML element name. Both readers key their records by that XML-safe
/// name, so a header and its element always meet at the same key.
enum ExportFields {
    /// The XML-safe form of a header: lower case, `ä→ae ö→oe ü→ue ß→ss`, every run of
    /// characters that are not letters or digits becomes `_`, leading/trailing `_` dropped.
    /// `Kursbetreuer Zoom Benutzername` → `kursbetreuer_zoom_benutzername`, `Max. TN` → `max_tn`.
    static func xmlName(_ header: String) -> String {
        var out = ""
        var pendingSeparator = false
        for ch in header.lowercased() {
            let replacement: String?
            switch ch {
            case "ä": replacement = "ae"
            case "ö": replacement = "oe"
            case "ü": replacement = "ue"
            case "ß": replacement = "ss"
            default: replacement = ch.isLetter || ch.isNumber ? String(ch) : nil
            }
            if let replacement {
                if pendingSeparator && !out.isEmpty { out += "_" }
                pendingSeparator = false
                out += replacement
            } else {
                pendingSeparator = true
            }
        }
        return out
    }

    struct Field: Sendable {
        /// The header as the spec writes it.
        var header: String
        /// The CSV column must be present (the XML element must be present in each record).
        var requiredColumn: Bool
        /// `xmlName(header)`, computed once.
        let key: String

        init(header: String, requiredColumn: Bool) {
            self.header = header
            self.requiredColumn = requiredColumn
            key = ExportFields.xmlName(header)
        }
    }

    /// Positions of the spec fields in `fields(of:)`: a record stores its fields in an
    /// array in this order, so the record builder reads them without hashing a name.
    /// (`InputFieldSlotTests` checks these against the headers.)
    enum Slot {
        enum Course {
            static let number = 0, title = 1, status = 2, venue = 3, startDay = 4, endDay = 5
            static let moderator = 6, supervisor = 7, supervisorCode = 8, supervisorZoom = 9
            static let maxParticipants = 10, eventType = 11, sync = 12
            /// `<Wochentag> von` / `<Wochentag> bis` for the weekday at `position` in `Weekday.allCases`.
            static func weekdayFrom(_ position: Int) -> Int { 13 + 2 * position }
            static func weekdayTo(_ position: Int) -> Int { 14 + 2 * position }
        }
        enum Session {
            static let number = 0, day = 1, from = 2, to = 3
        }
        enum Trainer {
            static let number = 0, code = 1, firstName = 2, lastName = 3, zoomUser = 4, moderator = 5, loginActive = 6
        }
        enum Booking {
            static let number = 0, course = 1, firstName = 2, lastName = 3, email = 4, status = 5, salutation = 6,
                company = 7
        }
    }

    private static let courseFields: [Field] =
        ["Kursnr", "Kurstitel", "Kursstatus", "Veranstaltungsort", "Startdatum", "Enddatum"].map {
            Field(header: $0, requiredColumn: true)
        }
        + ([
            "Moderator des Webinars", "Kursbetreuer", "Kursbetreuer Kürzel", "Kursbetreuer Zoom Benutzername",
            "Max. TN", "Veranstaltungsart", "Zoom synchronisieren",
        ]
        + weekdayHeaders.flatMap { [$0.from, $0.to] }).map { Field(header: $0, requiredColumn: false) }
    private static let sessionFields: [Field] = ["Kursnr", "Datum", "von", "bis"].map {
        Field(header: $0, requiredColumn: true)
    }
    private static let trainerFields: [Field] =
        ["Kursnr", "Kürzel", "Vorname", "Nachname"].map { Field(header: $0, requiredColumn: true) }
        + ["Zoom Benutzername", "Moderator", "Zugang aktiv"].map { Field(header: $0, requiredColumn: false) }
    private static let bookingFields: [Field] =
        ["Buchungsnummer", "Kursnr", "Vorname", "Nachname", "E-Mail", "Status"].map {
            Field(header: $0, requiredColumn: true)
        }
        + ["Anrede", "Teilnehmer der Firma"].map { Field(header: $0, requiredColumn: false) }

    static let weekdayHeaders: [(Weekday, from: String, to: String)] = Weekday.allCases.map {
        ($0, "\($0.german) von", "\($0.german) bis")
    }

    static func fields(of kind: ExportKind) -> [Field] {
        switch kind {
        case .courses: return courseFields
        case .sessions: return sessionFields
        case .trainers: return trainerFields
        case .bookings: return bookingFields
        }
    }

    /// The spec's own aliases (docs/input.md), per kind: alias header → spec header.
    static func builtInAliases(of kind: ExportKind) -> [String: String] {
        switch kind {
        case .bookings: return ["E-Mail-Versand an": "E-Mail", "Buchungsstatus": "Status"]
        default: return [:]
        }
    }

    /// Maps a header (or XML element name) as found in a file onto the key of a spec field,
    /// applying the configured aliases (`Header` for every kind, or `kind:Header` for one,
    /// e.g. `bookings:Mail`) and the built-in ones. Nil when the column is unknown.
    struct HeaderMap: Sendable {
        let kind: ExportKind
        /// xmlName(alias) → key, configured before built-in.
        private var aliasKeys: [String: String] = [:]
        /// key → position in `fields(of: kind)`.
        private let slots: [String: Int]

        init(kind: ExportKind, configuredAliases: [String: String]) {
            self.kind = kind
            var slots: [String: Int] = [:]
            for (index, field) in ExportFields.fields(of: kind).enumerated() { slots[field.key] = index }
            self.slots = slots
            for (alias, target) in ExportFields.builtInAliases(of: kind) {
                aliasKeys[ExportFields.xmlName(alias)] = ExportFields.xmlName(target)
            }
            for (alias, target) in configuredAliases {
                var name = alias
                if let colon = alias.firstIndex(of: ":") {
                    let prefix = alias[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                    if let aliasKind = ExportKind(rawValue: prefix) {
                        guard aliasKind == kind else { continue }
                        name = String(alias[alias.index(after: colon)...])
                    }
                }
                aliasKeys[ExportFields.xmlName(name)] = ExportFields.xmlName(target)
            }
        }

        /// The field key for a header, and whether it matched directly (not through an alias).
        func key(for header: String) -> (key: String, direct: Bool)? {
            match(header).map { ($0.key, $0.direct) }
        }

        /// Like `key(for:)`, plus the field's position in `fields(of: kind)`.
        func match(_ header: String) -> (key: String, slot: Int, direct: Bool)? {
            let name = ExportFields.xmlName(header)
            if let slot = slots[name] { return (name, slot, true) }
            if let target = aliasKeys[name], let slot = slots[target] { return (target, slot, false) }
            return nil
        }
    }
}

/// Export kinds by file name, and the timestamp in a name.
enum ExportFileName {
    /// Kind and format of a drop-directory file, nil for a file to ignore.
    static func classify(_ fileName: String) -> (kind: ExportKind, format: ExportFormat)? {
        let name = fileName.lowercased()
        if name.hasPrefix(".") { return nil }
        for suffix in [".part", ".tmp", ".partial"] where name.hasSuffix(suffix) { return nil }
        let format: ExportFormat
        if name.hasSuffix(".csv") { format = .csv } else if name.hasSuffix(".xml") { format = .xml } else { return nil }
        // Longest prefixes first: `kurstermine` also starts with `kurs`.
        let prefixes: [(String, ExportKind)] = [
            ("kurstermine", .sessions), ("sessions", .sessions), ("kurse", .courses), ("courses", .courses),
            ("trainer", .trainers), ("buchungen", .bookings), ("bookings", .bookings),
        ]
        for (prefix, kind) in prefixes where name.hasPrefix(prefix) { return (kind, format) }
        return nil
    }

    /// The timestamp in a file name as `yyyyMMddHHmmss` digits: a run of 8 digits (or
    /// `yyyy-MM-dd`) for the date, optionally followed (after `_`, `-`, `T` or a space) by
    /// 4 or 6 digits (or `HH-mm[-ss]`) for the time. Nil when the name has no valid one.
    static func timestamp(in fileName: String) -> String? {
        let chars = Array(fileName)
        func digits(_ from: Int, _ count: Int) -> String? {
            guard from + count <= chars.count else { return nil }
            let slice = chars[from..<(from + count)]
            return slice.allSatisfy { $0.isASCII && $0.isNumber } ? String(slice) : nil
        }
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber }
        func isSep(_ i: Int, _ set: Set<Character>) -> Bool { i < chars.count && set.contains(chars[i]) }
        var i = 0
        while i < chars.count {
            guard isDigit(i), !isDigit(i - 1) else {
                i += 1
                continue
            }
            // Date: yyyyMMdd or yyyy-MM-dd / yyyy_MM_dd / yyyy.MM.dd.
            var date: String?
            var next = i
            if let d = digits(i, 8), !isDigit(i + 8) {
                date = d
                next = i + 8
            } else if let y = digits(i, 4), isSep(i + 4, ["-", "_", "."]), let m = digits(i + 5, 2),
                isSep(i + 7, [chars[i + 4]]), let d = digits(i + 8, 2), !isDigit(i + 10)
            {
                date = y + m + d
                next = i + 10
            } else if let d = digits(i, 8), isDigit(i + 8) {
                // 12 or 14 digits in one run: date and time without a separator.
                date = d
                next = i + 8
            }
            guard let day = date, let y = Int(day.prefix(4)), let mo = Int(day.dropFirst(4).prefix(2)),
                let dd = Int(day.suffix(2)),
                CalendarDay.isValid(year: y, month: mo, day: dd)
            else {
                while isDigit(i) { i += 1 }
                continue
            }
            var time = "000000"
            var t = next
            if isSep(t, ["_", "-", "T", "t", " "]) { t += 1 }
            if let hm = digits(t, 4), !isDigit(t + 4) {
                time = hm + "00"
            } else if let hms = digits(t, 6), !isDigit(t + 6) {
                time = hms
            } else if let h = digits(t, 2), isSep(t + 2, ["-", "_", ":", "."]), let m = digits(t + 3, 2),
                !isDigit(t + 5)
            {
                time = h + m + "00"
                if isSep(t + 5, [chars[t + 2]]), let s = digits(t + 6, 2), !isDigit(t + 8) { time = h + m + s }
            }
            if let h = Int(time.prefix(2)), let m = Int(time.dropFirst(2).prefix(2)), let s = Int(time.suffix(2)),
                h < 24, m < 60, s < 60
            {
                return day + time
            }
            return day + "000000"
        }
        return nil
    }
}
