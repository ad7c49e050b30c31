import Foundation

public enum SnapshotReader {
    /// Reads every selected file into one snapshot; throws `InputRejection` for bad input.
    public static func read(_ selection: DropSelection, configuration: Configuration) throws -> Snapshot {
        try readWithNotes(selection, configuration: configuration).snapshot
    }

    /// Like `read`, plus the reader's own warnings that a snapshot cannot carry: rows of the
    /// sessions export for courses that are not in the course export (ignored).
    ///
    /// One file after the other, in the order courses, sessions, trainers, bookings, then the
    /// fingerprints: when several files are bad, the rejection names the first in that order.
    /// (Reading the bookings on a second thread saved ~0.2 s of wall time on L; the budget
    /// in BENCHMARKS.md is met without it.)
    ///
    /// `fingerprints: false` leaves `snapshot.files` empty instead of hashing every file
    /// (for `validate`'s text output, which shows no fingerprint).
    public static func readWithNotes(
        _ selection: DropSelection, configuration: Configuration, fingerprints: Bool = true
    ) throws
        -> (snapshot: Snapshot, notes: [Diagnostic])
    {
        for kind in [ExportKind.courses, .trainers, .bookings] where selection.files[kind] == nil {
            throw Rejections.missingKind(kind, drop: selection.drop)
        }
        let bookingsFile = selection.files[.bookings]!
        let bookingsName = displayName(bookingsFile.url, drop: selection.drop)
        var (snapshot, notes) = try readCoursesAndTrainers(selection, configuration: configuration)
        snapshot.bookings = try readBookings(bookingsFile, name: bookingsName, configuration: configuration)
        snapshot.files = fingerprints ? try Self.fingerprints(selection) : []
        return (snapshot, notes)
    }

    /// Courses (with the sessions export's Einzeltermine) and trainers.
    private static func readCoursesAndTrainers(_ selection: DropSelection, configuration: Configuration) throws
        -> (snapshot: Snapshot, notes: [Diagnostic])
    {
        var snapshot = Snapshot()
        var notes: [Diagnostic] = []
        func name(_ file: SelectedFile) -> String { displayName(file.url, drop: selection.drop) }

        // Courses, unique by Kursnr.
        let coursesFile = selection.files[.courses]!
        var firstSeen: [String: SourceLocation] = [:]
        try records(
            coursesFile, name: name(coursesFile), configuration: configuration, CourseRecords.self,
            expectRecords: {
                snapshot.courses.reserveCapacity($0)
                firstSeen.reserveCapacity($0)
            }
        ) { course in
            if let first = firstSeen[course.number.rawValue] {
                throw Rejections.duplicate(
                    column: "Kursnr", value: course.number.rawValue, at: course.source, first: first)
            }
            firstSeen[course.number.rawValue] = course.source
            snapshot.courses.append(course)
        }

        // Sessions (Einzeltermine) join their courses.
        if let sessionsFile = selection.files[.sessions] {
            var index: [CourseNumber: Int] = [:]
            for (i, course) in snapshot.courses.enumerated() { index[course.number] = i }
            try records(sessionsFile, name: name(sessionsFile), configuration: configuration, SessionRecords.self) {
                number, date in
                if let i = index[number] {
                    snapshot.courses[i].scheduledDates.append(date)
                } else {
                    notes.append(DiagnosticCatalog.sessionForUnknownCourse(number, source: date.source!))
                }
            }
        }

        let trainersFile = selection.files[.trainers]!
        try records(
            trainersFile, name: name(trainersFile), configuration: configuration, TrainerRecords.self,
            expectRecords: { snapshot.trainers.reserveCapacity($0) }
        ) { trainer in
            snapshot.trainers.append(trainer)
        }
        return (snapshot, notes)
    }

    /// The bookings, unique by Buchungsnummer.
    static func readBookings(_ file: SelectedFile, name: String, configuration: Configuration) throws -> [Booking] {
        var bookings: [Booking] = []
        var expected = 1024
        var check = BookingNumberCheck()
        // Reserved once: growing by doubling would briefly hold two copies of the array.
        // (Both closures are non-escaping: the arrays they change are not boxed.)
        try records(
            file, name: name, configuration: configuration, BookingRecords.self,
            expectRecords: { upperBound in
                expected = min(upperBound, 1 << 24)
                bookings.reserveCapacity(expected)
            }
        ) { booking in
            bookings.append(booking)
            if let first = check.check(bookings.count - 1, expected: expected, number: { bookings[$0].number }) {
                let duplicate = bookings.removeLast()
                throw Rejections.duplicate(
                    column: "Buchungsnummer", value: duplicate.number, at: duplicate.source,
                    first: bookings[first].source)
            }
        }
        return bookings
    }

    /// SHA-256 of every selected file, in `ExportKind` order.
    private static func fingerprints(_ selection: DropSelection) throws -> [InputFile] {
        var files: [InputFile] = []
        for kind in ExportKind.allCases {
            guard let file = selection.files[kind] else { continue }
            let digest: String
            do { digest = try SHA256Hasher.hexDigest(of: file.url) } catch {
                throw Rejections.unreadable(displayName(file.url, drop: selection.drop), error)
            }
            files.append(InputFile(kind: kind, path: file.url.path, sha256: digest, format: file.format.rawValue))
        }
        return files
    }

    /// A file's name for messages: relative to the drop directory when inside it.
    static func displayName(_ url: URL, drop: URL) -> String {
        let base = drop.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }

    /// Streams the records of one file, CSV or XML, built into `Builder.Output`, to `body`;
    /// blank records are skipped. `expectRecords` gets an upper bound of the record count
    /// before the first record (XML: an estimate from the file's size). `body` takes each value
    /// over (`consuming`): appended to an array it is moved, not copied and destroyed.
    static func records<Builder: RecordBuilding>(
        _ file: SelectedFile, name: String, configuration: Configuration,
        _ builder: Builder.Type, expectRecords: (Int) -> Void = { _ in },
        _ body: (consuming Builder.Output) throws -> Void
    ) throws {
        let map = ExportFields.HeaderMap(kind: file.kind, configuredAliases: configuration.columnAliases)
        switch file.format {
        case .csv:
            try CSVRecordReader.read(
                url: file.url, displayName: name, kind: file.kind, headerMap: map, expectRecords: expectRecords
            ) {
                try body(Builder.build($0))
            }
        case .xml:
            // No first pass over XML: estimate from the size (a booking element takes about
            // 300 bytes; an under-estimate only means the arrays grow as usual).
            if file.kind == .bookings,
                let size = try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int
            {
                expectRecords(size / 320)
            }
            // The SAX delegate holds the closure only while `read` runs.
            try withoutActuallyEscaping(body) { body in
                try XMLRecordReader.read(url: file.url, displayName: name, kind: file.kind, headerMap: map) {
                    try body(Builder.build($0))
                }
            }
        }
    }
}

/// Turns a record of either reader into one kind of model value (`RecordBuilder`), so
/// the readers stay generic and each format's record type is used directly.
protocol RecordBuilding {
    associatedtype Output
    static func build<R: RecordFields>(_ record: R) throws -> Output
}

enum CourseRecords: RecordBuilding {
    static func build<R: RecordFields>(_ record: R) throws -> Course { try RecordBuilder.course(record) }
}

enum SessionRecords: RecordBuilding {
    static func build<R: RecordFields>(_ record: R) throws -> (CourseNumber, ScheduledDate) {
        try RecordBuilder.session(record)
    }
}

enum TrainerRecords: RecordBuilding {
    static func build<R: RecordFields>(_ record: R) throws -> TrainerAssignment { try RecordBuilder.trainer(record) }
}

enum BookingRecords: RecordBuilding {
    static func build<R: RecordFields>(_ record: R) throws -> Booking { try RecordBuilder.booking(record) }
}

/// The duplicate check on booking numbers, booking by booking in file order.
///
/// SEMCO writes its export sorted by booking number: while every number is greater than
/// the one before, all are distinct and no set is needed (a set lookup per row costs two
/// cache misses in large arrays). At the first number out of order, the numbers so far go
/// into the set and every further one is checked against it. The set keeps positions into
/// the caller's bookings, not a second copy of every number (nor a location per booking).
struct BookingNumberCheck {
    private var seen: PositionSet?

    /// Checks the booking at `position` (every one before it checked); returns the position
    /// of an earlier booking with the same number. `number(p)` is the number at `p`;
    /// `expected` sizes the set.
    mutating func check(_ position: Int, expected: Int, number: (Int) -> String) -> Int? {
        if seen == nil {
            if position == 0 || number(position - 1) < number(position) { return nil }
            var set = PositionSet(expected: max(expected, position + 1))
            for earlier in 0..<position { _ = set.insert(earlier, key: number) }
            seen = set
        }
        return seen!.insert(position, key: number)
    }
}

/// Reads a CSV export: header matching, then one `CSVFields` view per row (valid only
/// during the call: fields are decoded from the row's bytes when the builder asks).
enum CSVRecordReader {
    static func read(
        url: URL, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap,
        chunkSize: Int = 64 * 1024, expectRecords: (Int) -> Void = { _ in },
        _ body: (CSVFields) throws -> Void
    ) throws {
        let parser = CSVParser(url: url, chunkSize: chunkSize)
        try mappingParseErrors(displayName: displayName) {
            let (dialect, lineBreaks) = try parser.firstPass()
            expectRecords(lineBreaks)
            var rows: CSVRows?
            let pool = StringPool()
            try parser.parseBytes(dialect: dialect) { row in
                guard let rows else {
                    rows = try CSVRows(
                        header: row, displayName: displayName, kind: kind, headerMap: headerMap,
                        encoding: dialect.encoding)
                    return
                }
                try rows.visit(row, pool: pool, body)
            }
            if rows == nil { throw Rejections.emptyFile(displayName) }
        }
    }

    /// Runs `body`, turning the parser's errors into rejections naming the file.
    static func mappingParseErrors<T>(displayName: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch CSVParseError.unterminatedQuote(let line) {
            throw Rejections.make(
                SourceLocation(file: displayName, line: line), column: nil, value: nil,
                de:
                    "Ein Anführungszeichen (\") in Zeile \(line) wird nie geschlossen; der Rest der Datei wäre ein einziger Wert. Bitte prüfen Sie den Export.",
                en:
                    "A quote (\") opened on line \(line) is never closed; the rest of the file would be one value. Please check the export."
            )
        } catch CSVParseError.utf16 {
            throw Rejections.make(
                SourceLocation(file: displayName, line: 1), column: nil, value: nil,
                de:
                    "Die Datei ist UTF-16-kodiert („Unicode-Text“). Bitte exportieren bzw. speichern Sie sie als „CSV UTF-8“ oder „CSV (Trennzeichen-getrennt)“.",
                en:
                    "The file is UTF-16 encoded (\"Unicode text\"). Please export or save it as \"CSV UTF-8\" or \"CSV (delimited)\"."
            )
        } catch CSVParseError.unreadable(let detail) {
            throw Rejections.make(
                SourceLocation(file: displayName), column: nil, value: nil,
                de: "Die Datei kann nicht gelesen werden (\(detail)).", en: "The file cannot be read (\(detail)).")
        }
    }

    static func mapHeader(_ row: CSVRecord, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap)
        throws
        -> [(index: Int, slot: Int, header: String)]
    {
        var byKey: [String: (index: Int, slot: Int, header: String, direct: Bool)] = [:]
        for (index, raw) in row.fields.enumerated() {
            let header = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let match = headerMap.match(header) else { continue }
            if let existing = byKey[match.key] {
                if existing.direct && match.direct {
                    throw Rejections.make(
                        SourceLocation(file: displayName, line: row.line), column: header, value: header,
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
            throw Rejections.make(
                SourceLocation(file: displayName, line: row.line), column: field.header, value: nil,
                de:
                    "Die Pflichtspalte „\(field.header)“ fehlt in der Kopfzeile (gefunden: \(found)). Spaltennamen eines Kunden lassen sich in der Konfiguration unter column_aliases zuordnen.",
                en:
                    "The required column \"\(field.header)\" is missing from the header row (found: \(found)). A customer's own column names can be mapped under column_aliases in the configuration."
            )
        }
        return byKey.values.map { ($0.index, $0.slot, $0.header) }.sorted { $0.index < $1.index }
    }
}

/// What every row of a CSV file shares once its header is read: the header's mapping and
/// the file's location origin.
struct CSVRows: Sendable {
    let columns: [(index: Int, slot: Int, header: String)]
    let layout: CSVFields.Layout
    let headerCount: Int
    let encoding: CSVTextEncoding
    /// Every row's location shares this file's origin.
    let origin: SourceLocation.Origin

    private init(
        columns: [(index: Int, slot: Int, header: String)], layout: CSVFields.Layout, headerCount: Int,
        encoding: CSVTextEncoding, origin: SourceLocation.Origin
    ) {
        self.columns = columns
        self.layout = layout
        self.headerCount = headerCount
        self.encoding = encoding
        self.origin = origin
    }

    init(
        header row: CSVByteRecord, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap,
        encoding: CSVTextEncoding
    ) throws {
        let header = CSVRecord(fields: (0..<row.count).map { row.string($0, encoding: encoding) }, line: row.line)
        columns = try CSVRecordReader.mapHeader(header, displayName: displayName, kind: kind, headerMap: headerMap)
        layout = CSVFields.Layout(kind: kind, columns: columns)
        headerCount = header.fields.count
        self.encoding = encoding
        origin = SourceLocation.Origin(file: displayName)
    }

    /// Hands a row after the header to `body`, unless all its kept fields are blank; a row
    /// with a value beyond the header's columns is rejected.
    @inline(__always)
    func visit(_ row: CSVByteRecord, pool: StringPool, _ body: (CSVFields) throws -> Void) throws {
        if row.count > headerCount {
            for index in headerCount..<row.count {
                let blank = row.withField(index) { CSVText.isBlankASCII($0) }
                if blank == true { continue }
                let extra = row.string(index, encoding: encoding)
                if blank == nil && TextTrim.whitespaces(extra).isEmpty { continue }
                throw Rejections.make(
                    SourceLocation(origin: origin, line: row.line), column: nil, value: extra,
                    de:
                        "Die Zeile hat \(row.count) Felder, die Kopfzeile nur \(headerCount) (überzähliger Wert „\(extra)“). Vermutlich enthält ein Wert ein ungeschütztes Trennzeichen.",
                    en:
                        "The row has \(row.count) fields, the header only \(headerCount) (extra value \"\(extra)\"). A value probably contains an unquoted delimiter."
                )
            }
        }
        // A row whose kept fields are all blank is skipped before anything is decoded.
        var blank = true
        for column in columns where column.index < row.count {
            switch row.withField(column.index, { CSVText.isBlankASCII($0) }) {
            case true?: continue
            case false?: blank = false
            case nil: blank = TextTrim.whitespaces(row.string(column.index, encoding: encoding)).isEmpty
            }
            if !blank { break }
        }
        if blank { return }
        try body(
            CSVFields(
                row: row, layout: layout, encoding: encoding, location: SourceLocation(origin: origin, line: row.line),
                pool: pool))
    }
}

extension Rejections {
    static func emptyFile(_ displayName: String) -> InputRejection {
        make(
            SourceLocation(file: displayName, line: 1), column: nil, value: nil,
            de: "Die Datei ist leer; erwartet wird mindestens die Kopfzeile.",
            en: "The file is empty; at least the header row is expected.")
    }

    static func missingKind(_ kind: ExportKind, drop: URL) -> InputRejection {
        let (de, en): (String, String)
        switch kind {
        case .courses: (de, en) = ("Kursexport (kurse*.csv/.xml)", "course export (kurse*.csv/.xml)")
        case .sessions: (de, en) = ("Kurstermine (kurstermine*.csv/.xml)", "sessions export (kurstermine*.csv/.xml)")
        case .trainers: (de, en) = ("Trainerzuordnung (trainer*.csv/.xml)", "trainer export (trainer*.csv/.xml)")
        case .bookings: (de, en) = ("Buchungsexport (buchungen*.csv/.xml)", "booking export (buchungen*.csv/.xml)")
        }
        return InputRejection(
            file: drop.path,
            message: LocalizedText(
                de:
                    "\(drop.path): Der \(de) fehlt, im Ablageordner und im Archiv. Bitte legen Sie den Export aus SEMCO dort ab.",
                en:
                    "\(drop.path): The \(en) is missing, both in the drop directory and in the archive. Please put SEMCO's export there."
            ))
    }

    static func duplicate(column: String, value: String, at location: SourceLocation, first: SourceLocation)
        -> InputRejection
    {
        let firstDE = first.line.map { "Zeile \($0)" } ?? first.elementPath ?? first.file
        let firstEN = first.line.map { "line \($0)" } ?? first.elementPath ?? first.file
        return make(
            location, column: column, value: value,
            de:
                "„\(value)“ kommt doppelt vor (zuerst in \(firstDE)). Ein Export mit doppelten Schlüsseln ist nicht vertrauenswürdig; bitte exportieren Sie erneut.",
            en:
                "\"\(value)\" appears twice (first on \(firstEN)). An export with duplicate keys cannot be trusted; please export again."
        )
    }

    static func unreadable(_ name: String, _ error: Error) -> InputRejection {
        make(
            SourceLocation(file: name), column: nil, value: nil,
            de: "Die Datei kann nicht gelesen werden (\(error.localizedDescription)).",
            en: "The file cannot be read (\(error.localizedDescription)).")
    }
}
