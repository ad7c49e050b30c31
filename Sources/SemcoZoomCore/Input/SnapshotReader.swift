import Foundation

public enum SnapshotReader {
    /// Reads every selected file into one snapshot; throws `InputRejection` for bad input.
    public static func read(_ selection: DropSelection, configuration: Configuration) throws -> Snapshot {
        try readWithNotes(selection, configuration: configuration).snapshot
    }

    /// Like `read`, plus the reader's own warnings that a snapshot cannot carry: rows of the
    /// sessions export for courses that are not in the course export (ignored).
    public static func readWithNotes(_ selection: DropSelection, configuration: Configuration) throws
        -> (snapshot: Snapshot, notes: [Diagnostic]) {
        for kind in [ExportKind.courses, .trainers, .bookings] where selection.files[kind] == nil {
            throw Rejections.missingKind(kind, drop: selection.drop)
        }
        var snapshot = Snapshot()
        var notes: [Diagnostic] = []
        func name(_ file: SelectedFile) -> String { displayName(file.url, drop: selection.drop) }

        // Courses, unique by Kursnr.
        let coursesFile = selection.files[.courses]!
        var firstSeen: [String: SourceLocation] = [:]
        try records(coursesFile, name: name(coursesFile), configuration: configuration) { record in
            let course = try RecordBuilder.course(record)
            if let first = firstSeen[course.number.rawValue] {
                throw Rejections.duplicate(column: "Kursnr", value: course.number.rawValue, at: course.source, first: first)
            }
            firstSeen[course.number.rawValue] = course.source
            snapshot.courses.append(course)
        }

        // Sessions (Einzeltermine) join their courses.
        if let sessionsFile = selection.files[.sessions] {
            var index: [CourseNumber: Int] = [:]
            for (i, course) in snapshot.courses.enumerated() { index[course.number] = i }
            try records(sessionsFile, name: name(sessionsFile), configuration: configuration) { record in
                let (number, date) = try RecordBuilder.session(record)
                if let i = index[number] {
                    snapshot.courses[i].scheduledDates.append(date)
                } else {
                    notes.append(DiagnosticCatalog.sessionForUnknownCourse(number, source: record.location))
                }
            }
        }

        let trainersFile = selection.files[.trainers]!
        try records(trainersFile, name: name(trainersFile), configuration: configuration) { record in
            snapshot.trainers.append(try RecordBuilder.trainer(record))
        }

        let bookingsFile = selection.files[.bookings]!
        // The duplicate check keeps positions into `snapshot.bookings`, not a second copy
        // of every number (nor a location per booking).
        var bookingSeen = PositionSet(expected: 1024)
        // Reserved once: growing by doubling would briefly hold two copies of the array.
        let expectBookings: (Int) -> Void = { upperBound in
            let count = min(upperBound, 1 << 24)
            snapshot.bookings.reserveCapacity(count)
            bookingSeen = PositionSet(expected: count)
        }
        try records(bookingsFile, name: name(bookingsFile), configuration: configuration, expectRecords: expectBookings) { record in
            let booking = try RecordBuilder.booking(record)
            snapshot.bookings.append(booking)
            let position = snapshot.bookings.count - 1
            if let first = bookingSeen.insert(position, key: { snapshot.bookings[$0].number }) {
                snapshot.bookings.removeLast()
                throw Rejections.duplicate(column: "Buchungsnummer", value: booking.number, at: booking.source,
                                           first: snapshot.bookings[first].source)
            }
        }

        for kind in ExportKind.allCases {
            guard let file = selection.files[kind] else { continue }
            let digest: String
            do { digest = try SHA256Hasher.hexDigest(of: file.url) } catch {
                throw Rejections.unreadable(name(file), error)
            }
            snapshot.files.append(InputFile(kind: kind, path: file.url.path, sha256: digest, format: file.format.rawValue))
        }
        return (snapshot, notes)
    }

    /// A file's name for messages: relative to the drop directory when inside it.
    static func displayName(_ url: URL, drop: URL) -> String {
        let base = drop.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }

    /// Streams the records of one file, CSV or XML, to `body`; blank records are skipped.
    /// `expectRecords` gets an upper bound of the record count before the first record (CSV only).
    static func records(_ file: SelectedFile, name: String, configuration: Configuration,
                        expectRecords: ((Int) -> Void)? = nil, _ body: @escaping (RawRecord) throws -> Void) throws {
        let map = ExportFields.HeaderMap(kind: file.kind, configuredAliases: configuration.columnAliases)
        switch file.format {
        case .csv: try CSVRecordReader.read(url: file.url, displayName: name, kind: file.kind, headerMap: map, expectRecords: expectRecords, body)
        case .xml:
            // No first pass over XML: estimate from the size (a booking element takes about
            // 300 bytes; an under-estimate only means the arrays grow as usual).
            if let expectRecords, let size = try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int {
                expectRecords(size / 320)
            }
            try XMLRecordReader.read(url: file.url, displayName: name, kind: file.kind, headerMap: map, body)
        }
    }
}

/// Reads a CSV export: header matching, then one `RawRecord` per row.
enum CSVRecordReader {
    static func read(url: URL, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap,
                     chunkSize: Int = 64 * 1024, expectRecords: ((Int) -> Void)? = nil,
                     _ body: (RawRecord) throws -> Void) throws {
        let parser = CSVParser(url: url, chunkSize: chunkSize)
        do {
            let (dialect, lineFeeds) = try parser.firstPass()
            expectRecords?(lineFeeds)
            let encoding = dialect.encoding
            var columns: [(index: Int, slot: Int, header: String)]?
            var headerCount = 0
            let slotCount = ExportFields.fields(of: kind).count
            // The header of each slot, one array shared by every record of the file.
            var slotHeaders = Array(repeating: "", count: slotCount)
            // One record re-used for every row: once `body` has let go of its copy, the
            // values array is unique again and is overwritten in place (no allocation per row).
            var reused: RawRecord?
            try parser.parseBytes(dialect: dialect) { row in
                guard let known = columns else {
                    let header = CSVRecord(fields: (0..<row.count).map { row.string($0, encoding: encoding) }, line: row.line)
                    let mapped = try mapHeader(header, displayName: displayName, kind: kind, headerMap: headerMap)
                    for column in mapped { slotHeaders[column.slot] = column.header }
                    columns = mapped
                    headerCount = header.fields.count
                    return
                }
                let location = SourceLocation(file: displayName, line: row.line)
                if row.count > headerCount {
                    for index in headerCount..<row.count {
                        let blank = row.withField(index) { CSVText.isBlankASCII($0) }
                        if blank == true { continue }
                        let extra = row.string(index, encoding: encoding)
                        if blank == nil && TextTrim.whitespaces(extra).isEmpty { continue }
                        throw Rejections.make(location, column: nil, value: extra,
                                              de: "Die Zeile hat \(row.count) Felder, die Kopfzeile nur \(headerCount) (überzähliger Wert „\(extra)“). Vermutlich enthält ein Wert ein ungeschütztes Trennzeichen.",
                                              en: "The row has \(row.count) fields, the header only \(headerCount) (extra value \"\(extra)\"). A value probably contains an unquoted delimiter.")
                    }
                }
                // A row whose kept fields are all blank is skipped before anything is decoded.
                var blank = true
                for column in known where column.index < row.count {
                    switch row.withField(column.index, { CSVText.isBlankASCII($0) }) {
                    case true?: continue
                    case false?: blank = false
                    case nil: blank = TextTrim.whitespaces(row.string(column.index, encoding: encoding)).isEmpty
                    }
                    if !blank { break }
                }
                if blank { return }
                var record = reused ?? RawRecord(kind: kind, location: location, strings: [String?](repeating: nil, count: slotCount),
                                                 columns: slotHeaders, checksRequiredPerRecord: false)
                reused = nil
                record.location = location
                for column in known {
                    record.strings[column.slot] = column.index < row.count ? row.string(column.index, encoding: encoding) : ""
                }
                try body(record)
                reused = record
            }
            if columns == nil {
                throw Rejections.make(SourceLocation(file: displayName, line: 1), column: nil, value: nil,
                                      de: "Die Datei ist leer; erwartet wird mindestens die Kopfzeile.",
                                      en: "The file is empty; at least the header row is expected.")
            }
        } catch CSVParseError.unterminatedQuote(let line) {
            throw Rejections.make(SourceLocation(file: displayName, line: line), column: nil, value: nil,
                                  de: "Ein Anführungszeichen (\") in Zeile \(line) wird nie geschlossen; der Rest der Datei wäre ein einziger Wert. Bitte prüfen Sie den Export.",
                                  en: "A quote (\") opened on line \(line) is never closed; the rest of the file would be one value. Please check the export.")
        } catch CSVParseError.utf16 {
            throw Rejections.make(SourceLocation(file: displayName, line: 1), column: nil, value: nil,
                                  de: "Die Datei ist UTF-16-kodiert („Unicode-Text“). Bitte exportieren bzw. speichern Sie sie als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“.",
                                  en: "The file is UTF-16 encoded (\"Unicode text\"). Please export or save it as \"CSV UTF-8\" or \"CSV (delimited)\".")
        } catch CSVParseError.unreadable(let detail) {
            throw Rejections.make(SourceLocation(file: displayName), column: nil, value: nil,
                                  de: "Die Datei kann nicht gelesen werden (\(detail)).", en: "The file cannot be read (\(detail)).")
        }
    }

    static func mapHeader(_ row: CSVRecord, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap) throws
        -> [(index: Int, slot: Int, header: String)] {
        var byKey: [String: (index: Int, slot: Int, header: String, direct: Bool)] = [:]
        for (index, raw) in row.fields.enumerated() {
            let header = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let match = headerMap.match(header) else { continue }
            if let existing = byKey[match.key] {
                if existing.direct && match.direct {
                    throw Rejections.make(SourceLocation(file: displayName, line: row.line), column: header, value: header,
                                          de: "Die Spalte „\(header)“ kommt doppelt vor (auch Spalte \(existing.index + 1)).",
                                          en: "The column \"\(header)\" appears twice (also column \(existing.index + 1)).")
                }
                if existing.direct || !match.direct { continue }  // the spec's name wins over an alias
            }
            byKey[match.key] = (index, match.slot, header, match.direct)
        }
        for field in ExportFields.fields(of: kind) where field.requiredColumn && byKey[field.key] == nil {
            var found = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
            if found.count > 300 { found = String(found.prefix(300)) + " …" }
            throw Rejections.make(SourceLocation(file: displayName, line: row.line), column: field.header, value: nil,
                                  de: "Die Pflichtspalte „\(field.header)“ fehlt in der Kopfzeile (gefunden: \(found)). Spaltennamen eines Kunden lassen sich in der Konfiguration unter column_aliases zuordnen.",
                                  en: "The required column \"\(field.header)\" is missing from the header row (found: \(found)). A customer's own column names can be mapped under column_aliases in the configuration.")
        }
        return byKey.values.map { ($0.index, $0.slot, $0.header) }.sorted { $0.index < $1.index }
    }
}

extension Rejections {
    static func missingKind(_ kind: ExportKind, drop: URL) -> InputRejection {
        let (de, en): (String, String)
        switch kind {
        case .courses: (de, en) = ("Kursexport (kurse*.csv/.xml)", "course export (kurse*.csv/.xml)")
        case .sessions: (de, en) = ("Kurstermine (kurstermine*.csv/.xml)", "sessions export (kurstermine*.csv/.xml)")
        case .trainers: (de, en) = ("Trainerzuordnung (trainer*.csv/.xml)", "trainer export (trainer*.csv/.xml)")
        case .bookings: (de, en) = ("Buchungsexport (buchungen*.csv/.xml)", "booking export (buchungen*.csv/.xml)")
        }
        return InputRejection(file: drop.path, message: LocalizedText(
            de: "\(drop.path): Der \(de) fehlt, im Ablageordner und im Archiv. Bitte legen Sie den Export aus SEMCO dort ab.",
            en: "\(drop.path): The \(en) is missing, both in the drop directory and in the archive. Please put SEMCO's export there."))
    }

    static func duplicate(column: String, value: String, at location: SourceLocation, first: SourceLocation) -> InputRejection {
        let firstDE = first.line.map { "Zeile \($0)" } ?? first.elementPath ?? first.file
        let firstEN = first.line.map { "line \($0)" } ?? first.elementPath ?? first.file
        return make(location, column: column, value: value,
                    de: "„\(value)“ kommt doppelt vor (zuerst in \(firstDE)). Ein Export mit doppelten Schlüsseln ist nicht vertrauenswürdig; bitte exportieren Sie erneut.",
                    en: "\"\(value)\" appears twice (first on \(firstEN)). An export with duplicate keys cannot be trusted; please export again.")
    }

    static func unreadable(_ name: String, _ error: Error) -> InputRejection {
        make(SourceLocation(file: name), column: nil, value: nil,
             de: "Die Datei kann nicht gelesen werden (\(error.localizedDescription)).",
             en: "The file cannot be read (\(error.localizedDescription)).")
    }
}
