import SemcoZoomCore

/// Fast fixed-width formatting (String(format:) is slow when called millions of times).
enum Format {
    private static let twoDigitTable: [String] = (0..<100).map { $0 < 10 ? "0\($0)" : "\($0)" }

    static func twoDigits(_ value: Int) -> String { twoDigitTable[value % 100] }

    /// `dd.MM.yyyy`
    static func german(_ day: CalendarDay) -> String {
        twoDigits(day.day) + "." + twoDigits(day.month) + "." + String(day.year)
    }

    /// `yyyy-MM-dd`
    static func iso(_ day: CalendarDay) -> String {
        String(day.year) + "-" + twoDigits(day.month) + "-" + twoDigits(day.day)
    }

    /// `HH:mm`
    static func time(_ time: LocalTime) -> String { twoDigits(time.hour) + ":" + twoDigits(time.minute) }

    static func yesNo(_ value: Bool) -> String { value ? "Ja" : "Nein" }
}

/// The export files of one drop directory, named like SEMCO's exports with a timestamp.
struct ExportNames {
    var stamp: String
    func name(_ kind: String, _ format: ExportFormat) -> String { "\(kind)_\(stamp).\(format.rawValue)" }
}

/// What was written: one line per file for the summary and the benchmark scripts.
struct WrittenFile {
    var name: String
    var records: Int
    var bytes: Int
}

// MARK: - CSV, as German Excel saves it: `;`, UTF-8 with BOM, CRLF, quotes only where needed.

struct CSVExporter {
    static let courseHeader: [String] = {
        var header = [
            "Kursnr", "Kurstitel", "Kursstatus", "Veranstaltungsort", "Veranstaltungsart", "Startdatum", "Enddatum",
            "Moderator des Webinars", "Kursbetreuer", "Kursbetreuer Kürzel", "Kursbetreuer Zoom Benutzername",
        ]
        for day in Weekday.allCases { header += ["\(day.german) von", "\(day.german) bis"] }
        return header + ["Max. TN", "Zoom synchronisieren"]
    }()
    static let sessionHeader = ["Kursnr", "Datum", "von", "bis"]
    static let trainerHeader = [
        "Kursnr", "Kürzel", "Vorname", "Nachname", "Zoom Benutzername", "Moderator", "Zugang aktiv",
    ]
    static let bookingHeader = [
        "Buchungsnummer", "Kursnr", "Anrede", "Vorname", "Nachname", "E-Mail", "Teilnehmer der Firma", "Status",
    ]

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func field(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        var needsQuotes = false
        for byte in value.utf8 where byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13
        {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return value }
        var quoted = "\""
        for ch in value.unicodeScalars {
            if ch == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(ch) }
        }
        return quoted + "\""
    }

    static func row(_ fields: [String?], to file: BufferedFile) throws {
        var line = ""
        for (index, value) in fields.enumerated() {
            if index > 0 { line += ";" }
            line += field(value)
        }
        line += "\r\n"
        try file.write(line)
    }

    static func begin(_ path: String, header: [String]) throws -> BufferedFile {
        let file = try BufferedFile(path: path)
        try file.write(bytes: byteOrderMark)
        try row(header, to: file)
        return file
    }

    static func write(_ generator: DataGenerator, to directory: String, names: ExportNames) throws -> [WrittenFile] {
        /// One export: its header, then every row `rows` hands to `emit`, counted.
        func export(
            _ kind: String, header: [String], rows: (_ emit: ([String?]) throws -> Void) throws -> Void
        ) throws -> WrittenFile {
            try writeExport(names.name(kind, .csv), in: directory, open: { try begin($0, header: header) }) { file in
                var count = 0
                try rows { fields in
                    try row(fields, to: file)
                    count += 1
                }
                return count
            }
        }

        let courses = try export("kurse", header: courseHeader) { emit in
            for course in generator.courses {
                var fields: [String?] = [
                    course.number, course.title, course.status, course.venue, course.eventType,
                    Format.german(course.startDay), Format.german(course.endDay), course.moderatorRole,
                    course.supervisor?.semcoDisplayName, course.supervisor?.shortCode, course.supervisorZoomUser,
                ]
                for day in Weekday.allCases {
                    if let time = course.weeklyTimes.first(where: { $0.weekday == day }) {
                        fields += [Format.time(time.from), Format.time(time.to)]
                    } else {
                        fields += [nil, nil]
                    }
                }
                fields += [course.maxParticipants.map(String.init), course.syncFlag]
                try emit(fields)
            }
        }
        let sessions = try export("kurstermine", header: sessionHeader) { emit in
            for course in generator.courses {
                for session in course.sessions {
                    try emit([
                        course.number, Format.german(session.day), Format.time(session.from), Format.time(session.to),
                    ])
                }
            }
        }
        let trainers = try export("trainer", header: trainerHeader) { emit in
            for course in generator.courses {
                for trainer in course.trainers {
                    try emit([
                        course.number, trainer.person.shortCode, trainer.person.firstName, trainer.person.lastName,
                        trainer.zoomUser, trainer.isModerator ? "Ja" : nil, Format.yesNo(trainer.loginActive),
                    ])
                }
            }
        }
        let bookings = try export("buchungen", header: bookingHeader) { emit in
            try generator.forEachBooking { booking in
                try emit([
                    booking.number, booking.courseNumber, booking.salutation, booking.firstName, booking.lastName,
                    booking.email, booking.company, booking.status,
                ])
            }
        }
        return [courses, sessions, trainers, bookings]
    }
}

// MARK: - XML twins: `<kurse>/<kurs>` with nested `<kurszeiten>` and `<einzeltermine>`.

struct XMLExporter {
    static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8
        where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"")
        {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// `<name>value</name>` on its own line; absent values are left out (empty cell = absent).
    static func element(_ name: String, _ value: String?, indent: String = "    ") -> String {
        guard let value, !value.isEmpty else { return "" }
        return "\(indent)<\(name)>\(escape(value))</\(name)>\n"
    }

    static func begin(_ path: String, root: String, created: String) throws -> BufferedFile {
        let file = try BufferedFile(path: path)
        try file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(root) erstellt=\"\(created)\">\n")
        return file
    }

    static func write(_ generator: DataGenerator, to directory: String, names: ExportNames, created: String) throws
        -> [WrittenFile]
    {
        let courses = try writeExport(
            names.name("kurse", .xml), in: directory, trailer: "</kurse>\n",
            open: { try begin($0, root: "kurse", created: created) }
        ) { file in
            for course in generator.courses {
                var text = "  <kurs>\n"
                text += element("kursnr", course.number)
                text += element("kurstitel", course.title)
                text += element("kursstatus", course.status)
                text += element("veranstaltungsort", course.venue)
                text += element("veranstaltungsart", course.eventType)
                text += element("startdatum", Format.iso(course.startDay))
                text += element("enddatum", Format.iso(course.endDay))
                text += element("moderator_des_webinars", course.moderatorRole)
                text += element("kursbetreuer", course.supervisor?.semcoDisplayName)
                text += element("kursbetreuer_kuerzel", course.supervisor?.shortCode)
                text += element("kursbetreuer_zoom_benutzername", course.supervisorZoomUser)
                text += element("max_tn", course.maxParticipants.map(String.init))
                text += element("zoom_synchronisieren", course.syncFlag)
                if !course.weeklyTimes.isEmpty {
                    text += "    <kurszeiten>\n"
                    for time in course.weeklyTimes {
                        text +=
                            "      <tag wochentag=\"\(time.weekday.german)\" von=\"\(Format.time(time.from))\" bis=\"\(Format.time(time.to))\"/>\n"
                    }
                    text += "    </kurszeiten>\n"
                }
                if !course.sessions.isEmpty {
                    text += "    <einzeltermine>\n"
                    for session in course.sessions {
                        text +=
                            "      <termin datum=\"\(Format.iso(session.day))\" von=\"\(Format.time(session.from))\" bis=\"\(Format.time(session.to))\"/>\n"
                    }
                    text += "    </einzeltermine>\n"
                }
                text += "  </kurs>\n"
                try file.write(text)
            }
            return generator.courses.count
        }

        let trainers = try writeExport(
            names.name("trainer", .xml), in: directory, trailer: "</trainerzuordnungen>\n",
            open: { try begin($0, root: "trainerzuordnungen", created: created) }
        ) { file in
            var trainerCount = 0
            for course in generator.courses {
                for trainer in course.trainers {
                    var text = "  <trainer>\n"
                    text += element("kursnr", course.number)
                    text += element("kuerzel", trainer.person.shortCode)
                    text += element("vorname", trainer.person.firstName)
                    text += element("nachname", trainer.person.lastName)
                    text += element("zoom_benutzername", trainer.zoomUser)
                    text += element("moderator", trainer.isModerator ? "Ja" : nil)
                    text += element("zugang_aktiv", Format.yesNo(trainer.loginActive))
                    text += "  </trainer>\n"
                    try file.write(text)
                    trainerCount += 1
                }
            }
            return trainerCount
        }

        let bookings = try writeExport(
            names.name("buchungen", .xml), in: directory, trailer: "</buchungen>\n",
            open: { try begin($0, root: "buchungen", created: created) }
        ) { file in
            var bookingCount = 0
            try generator.forEachBooking { booking in
                var text = "  <buchung>\n"
                text += element("buchungsnummer", booking.number)
                text += element("kursnr", booking.courseNumber)
                text += element("anrede", booking.salutation)
                text += element("vorname", booking.firstName)
                text += element("nachname", booking.lastName)
                // An empty address stays visible as an empty element, as SEMCO writes it.
                text += booking.email.map { element("e_mail", $0) } ?? "    <e_mail></e_mail>\n"
                text += element("teilnehmer_der_firma", booking.company)
                text += element("status", booking.status)
                text += "  </buchung>\n"
                try file.write(text)
                bookingCount += 1
            }
            return bookingCount
        }
        return [courses, trainers, bookings]
    }
}

/// One export file: `open` starts it (header or XML prologue), `body` writes its records and
/// returns how many, `trailer` (the XML root's end tag) closes it.
func writeExport(
    _ name: String, in directory: String, trailer: String = "", open: (String) throws -> BufferedFile,
    _ body: (BufferedFile) throws -> Int
) throws -> WrittenFile {
    let file = try open(directory + "/" + name)
    let records = try body(file)
    if !trailer.isEmpty { try file.write(trailer) }
    try file.finish()
    return WrittenFile(name: name, records: records, bytes: file.bytesWritten)
}
