import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an XML export with FoundationXML's SAX parser, streaming from the file, and hands
/// every record element to `body` as a `RawRecord`. A document that declares a DTD or an
/// entity is rejected before parsing (prolog scan) and again by the delegate, so no
/// external entity is ever resolved and no entity is ever expanded.
enum XMLRecordReader {
    static func rootName(of kind: ExportKind) -> String {
        switch kind {
        case .courses: return "kurse"
        case .sessions: return "kurstermine"
        case .trainers: return "trainerzuordnungen"
        case .bookings: return "buchungen"
        }
    }

    static func recordNames(of kind: ExportKind) -> Set<String> {
        switch kind {
        case .courses: return ["kurs"]
        case .sessions: return ["termin", "kurstermin"]
        case .trainers: return ["trainer", "trainerzuordnung"]
        case .bookings: return ["buchung"]
        }
    }

    /// How much of a file's start the prolog scan reads at most.
    static let prologLimit = 1 << 20

    static func read(
        url: URL, displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap,
        scanPrologFirst: Bool = true, _ body: @escaping (RawRecord) throws -> Void
    ) throws {
        // `scanPrologFirst: false` exists only so tests can prove the delegate's own guard.
        if scanPrologFirst { try checkProlog(url: url, displayName: displayName) }
        guard let stream = InputStream(url: url) else {
            throw Rejections.make(
                SourceLocation(file: displayName), column: nil, value: nil,
                de: "Die Datei kann nicht gelesen werden.", en: "The file cannot be read.")
        }
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let delegate = RecordDelegate(displayName: displayName, kind: kind, headerMap: headerMap, body: body)
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        // A required column that no record has: the export's layout is not the expected one.
        if ok && parser.parserError == nil && delegate.recordCount > 0 {
            for (slot, field) in ExportFields.fields(of: kind).enumerated()
            where field.requiredColumn && !delegate.slotsSeen[slot] {
                throw Rejections.make(
                    SourceLocation(file: displayName, elementPath: "/\(XMLRecordReader.rootName(of: kind))"),
                    column: field.key, value: nil,
                    de:
                        "Kein Datensatz enthält das Pflichtelement <\(field.key)> („\(field.header)“). Element-Namen eines Kunden lassen sich in der Konfiguration unter column_aliases zuordnen.",
                    en:
                        "No record has the required element <\(field.key)> (\"\(field.header)\"). A customer's own element names can be mapped under column_aliases in the configuration."
                )
            }
        }
        // FoundationXML on Linux can return true for malformed XML while setting parserError: check both.
        if !ok || parser.parserError != nil || !delegate.sawRoot {
            let error = parser.parserError as NSError?
            let detail = error.map { "\($0.localizedDescription) (\($0.code))" } ?? "unknown"
            let path = delegate.currentPath.isEmpty ? nil : delegate.currentPath
            let line = parser.lineNumber > 0 ? parser.lineNumber : nil
            let location = SourceLocation(file: displayName, line: line, elementPath: path)
            if !delegate.sawRoot && ok && parser.parserError == nil {
                throw Rejections.make(
                    location, column: nil, value: nil,
                    de: "Die Datei enthält kein XML-Wurzelelement.", en: "The file has no XML root element.")
            }
            throw Rejections.make(
                location, column: nil, value: nil,
                de: "Die Datei ist kein wohlgeformtes XML (Parser: \(detail)).",
                en: "The file is not well-formed XML (parser: \(detail)).")
        }
    }

    /// Rejects a document whose prolog (everything before the root element) declares a
    /// DOCTYPE or an ENTITY. Reads at most `prologLimit` bytes.
    static func checkProlog(url: URL, displayName: String) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw Rejections.make(
                SourceLocation(file: displayName), column: nil, value: nil,
                de: "Die Datei kann nicht gelesen werden.", en: "The file cannot be read.")
        }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        var verdict: Bool?
        while bytes.count < prologLimit, let data = try? handle.read(upToCount: 64 * 1024), !data.isEmpty {
            bytes.append(contentsOf: data)
            verdict = scanProlog(bytes)
            if verdict != nil { break }
        }
        // Undecided after the limit: no legitimate export has a prolog this long.
        if verdict == false || (verdict == nil && bytes.count >= prologLimit) {
            throw Rejections.make(
                SourceLocation(file: displayName), column: nil, value: nil,
                de:
                    "Die XML-Datei enthält eine DTD- oder ENTITY-Deklaration (<!DOCTYPE …>/<!ENTITY …>). Aus Sicherheitsgründen werden DTDs und Entities nie geladen; bitte exportieren Sie ohne DOCTYPE.",
                en:
                    "The XML file declares a DTD or an entity (<!DOCTYPE …>/<!ENTITY …>). For safety, DTDs and entities are never loaded; please export without a DOCTYPE."
            )
        }
    }

    /// true: the root element starts with no declaration before it; false: a DOCTYPE or
    /// ENTITY declaration comes first; nil: undecided yet (need more bytes).
    static func scanProlog(_ b: [UInt8]) -> Bool? {
        var i = 0
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        func has(_ s: String, at j: Int) -> Bool {
            let u = Array(s.utf8)
            return j + u.count <= b.count && Array(b[j..<(j + u.count)]) == u
        }
        func find(_ s: String, from j: Int) -> Int? {
            let u = Array(s.utf8)
            guard u.count <= b.count else { return nil }
            var k = j
            while k + u.count <= b.count {
                if b[k] == u[0] && Array(b[k..<(k + u.count)]) == u { return k }
                k += 1
            }
            return nil
        }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
                continue
            }
            guard c == 0x3C else { return true }  // not markup: let the parser judge it
            guard i + 1 < b.count else { return nil }
            if b[i + 1] == 0x3F {  // <? … ?>
                guard let end = find("?>", from: i + 2) else { return nil }
                i = end + 2
            } else if has("<!--", at: i) {
                guard let end = find("-->", from: i + 4) else { return nil }
                i = end + 3
            } else if b[i + 1] == 0x21 {  // <!DOCTYPE, <!ENTITY, anything else declared
                if i + 9 > b.count { return nil }
                return false
            } else {
                return true
            }
        }
        return nil
    }
}

/// The SAX delegate: tracks the element path and builds records.
fileprivate final class RecordDelegate: NSObject, XMLParserDelegate {
    let displayName: String
    let kind: ExportKind
    let headerMap: ExportFields.HeaderMap
    let body: (RawRecord) throws -> Void
    let rootName: String
    let recordNames: Set<String>

    var failure: InputRejection?
    var sawRoot = false
    var recordCount = 0
    /// Per field position: some record has the element.
    var slotsSeen: [Bool]
    /// `headerMap.match` per element name as found (a file uses a handful of names, so a
    /// short list compared by `==` beats hashing every element's name).
    private var matches: [(name: String, match: (key: String, slot: Int, direct: Bool)?)] = []
    /// Element names already classified at record depth and at field depth.
    private var recordNameCache: [(name: String, isRecord: Bool)] = []
    private var containerNameCache: [(name: String, container: String?)] = []
    /// Element names with their 1-based index among same-named siblings. Only the indexes
    /// that element paths show are counted: records (children of the root) and slots
    /// (children of a `kurszeiten`/`einzeltermine` container); the others stay 0.
    private var stack: [(name: String, index: Int)] = []
    private var rootChildCounts: [String: Int] = [:]
    private var containerChildCounts: [String: Int] = [:]
    private var record: RawRecord?
    /// One location origin per record element name (`/buchungen/buchung`), shared by the
    /// locations of all its records.
    private var recordOrigins: [(name: String, origin: SourceLocation.Origin)] = []
    private var fieldName: String?
    private var fieldText = ""
    private var container: String?

    init(
        displayName: String, kind: ExportKind, headerMap: ExportFields.HeaderMap,
        body: @escaping (RawRecord) throws -> Void
    ) {
        self.displayName = displayName
        self.kind = kind
        self.headerMap = headerMap
        self.body = body
        rootName = XMLRecordReader.rootName(of: kind)
        recordNames = XMLRecordReader.recordNames(of: kind)
        slotsSeen = Array(repeating: false, count: ExportFields.fields(of: kind).count)
    }

    private func match(_ name: String) -> (key: String, slot: Int, direct: Bool)? {
        for entry in matches where entry.name == name { return entry.match }
        let found = headerMap.match(name)
        matches.append((name, found))
        return found
    }

    private func isRecordName(_ name: String) -> Bool {
        for entry in recordNameCache where entry.name == name { return entry.isRecord }
        let isRecord = recordNames.contains(name.lowercased())
        recordNameCache.append((name, isRecord))
        return isRecord
    }

    /// `kurszeiten` / `einzeltermine` (lower-cased) for a container element of a course, else nil.
    private func containerName(_ name: String) -> String? {
        guard kind == .courses else { return nil }
        for entry in containerNameCache where entry.name == name { return entry.container }
        let lower = name.lowercased()
        let container = lower == "kurszeiten" || lower == "einzeltermine" ? lower : nil
        containerNameCache.append((name, container))
        return container
    }

    private func recordOrigin(_ name: String) -> SourceLocation.Origin {
        for entry in recordOrigins where entry.name == name { return entry.origin }
        let origin = SourceLocation.Origin(file: displayName, elementPath: "/\(stack[0].name)/\(name)", form: .indexed)
        recordOrigins.append((name, origin))
        return origin
    }

    var currentPath: String {
        stack.enumerated().map { depth, element in
            // Records and slots carry their index; the root and fields do not.
            depth == 1 || depth == 3 ? "/\(element.name)[\(element.index)]" : "/\(element.name)"
        }.joined()
    }

    private func fail(_ parser: XMLParser, _ rejection: InputRejection) {
        if failure == nil { failure = rejection }
        parser.abortParsing()
    }

    private func declarationRefused(_ parser: XMLParser) {
        fail(
            parser,
            Rejections.make(
                SourceLocation(file: displayName, line: parser.lineNumber), column: nil, value: nil,
                de: "Die XML-Datei enthält eine DTD- oder ENTITY-Deklaration. DTDs und Entities werden nie geladen.",
                en: "The XML file declares a DTD or an entity. DTDs and entities are never loaded."))
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        let depth = stack.count + 1
        var index = 0
        switch depth {
        case 1: index = 1
        case 2:
            index = (rootChildCounts[elementName] ?? 0) + 1
            rootChildCounts[elementName] = index
        case 3: containerChildCounts.removeAll(keepingCapacity: true)
        case 4:
            index = (containerChildCounts[elementName] ?? 0) + 1
            containerChildCounts[elementName] = index
        default: break
        }
        stack.append((elementName, index))
        switch depth {
        case 1:
            sawRoot = true
            guard elementName.lowercased() == rootName else {
                fail(
                    parser,
                    Rejections.make(
                        SourceLocation(file: displayName, elementPath: "/\(elementName)"), column: nil,
                        value: elementName,
                        de: "Das Wurzelelement <\(elementName)> passt nicht zur Dateiart; erwartet <\(rootName)>.",
                        en: "The root element <\(elementName)> does not match the kind of file; expected <\(rootName)>."
                    ))
                return
            }
        case 2:
            if isRecordName(elementName) {
                record = RawRecord(
                    kind: kind, location: SourceLocation(origin: recordOrigin(elementName), index: index),
                    checksRequiredPerRecord: true)
            }
        case 3:
            guard record != nil else { return }
            if let containerName = containerName(elementName) {
                container = containerName
            } else {
                fieldName = elementName
                fieldText = ""
            }
        case 4:
            guard record != nil, let container else { return }
            let location = SourceLocation(file: displayName, elementPath: currentPath)
            let lowered = Dictionary(
                attributeDict.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            if container == "kurszeiten" && elementName.lowercased() == "tag" {
                record!.weeklySlots.append(
                    RawSlot(weekday: lowered["wochentag"], from: lowered["von"], to: lowered["bis"], location: location)
                )
            } else if container == "einzeltermine" && elementName.lowercased() == "termin" {
                record!.dateSlots.append(
                    RawSlot(date: lowered["datum"], from: lowered["von"], to: lowered["bis"], location: location))
            }
        default:
            break
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        guard failure == nil else { return }
        let depth = stack.count
        if depth == 3, record != nil {
            if let name = fieldName, let match = match(name) {
                // The spec's own name wins over an alias; otherwise the first element wins.
                // One field given twice under its own name is ambiguous: reject.
                slotsSeen[match.slot] = true
                if let existing = record!.field(match.slot), match.direct, self.match(existing.column)?.direct == true {
                    let location = SourceLocation(
                        file: displayName, elementPath: record!.location.elementPath! + "/" + name)
                    fail(
                        parser,
                        Rejections.make(
                            location, column: name, value: fieldText,
                            de:
                                "Das Element <\(name)> kommt in diesem Datensatz doppelt vor: „\(fieldText)“, zuvor „\(existing.value)“.",
                            en:
                                "The element <\(name)> appears twice in this record: \"\(fieldText)\", before that \"\(existing.value)\"."
                        ))
                } else if record!.strings[match.slot] == nil || match.direct {
                    record!.set(match.slot, value: fieldText, column: name)
                }
            }
            fieldName = nil
            container = nil
        } else if depth == 2, let finished = record {
            record = nil
            recordCount += 1
            do { try body(finished) } catch let rejection as InputRejection {
                fail(parser, rejection)
            } catch {
                fail(
                    parser, Rejections.make(finished.location, column: nil, value: nil, de: "\(error)", en: "\(error)"))
            }
        }
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if fieldName != nil && stack.count == 3 { fieldText += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if fieldName != nil && stack.count == 3 { fieldText += String(decoding: block, as: UTF8.self) }
    }

    // Any declaration is refused: DTDs and entities are never loaded or expanded.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        declarationRefused(parser)
    }
    func parser(
        _ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?
    ) { declarationRefused(parser) }
    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        declarationRefused(parser)
    }
    func parser(
        _ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String,
        type: String?, defaultValue: String?
    ) { declarationRefused(parser) }
    func parser(
        _ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?,
        notationName: String?
    ) { declarationRefused(parser) }
    func parser(
        _ parser: XMLParser, foundNotationDeclarationWithName name: String, publicID: String?, systemID: String?
    ) { declarationRefused(parser) }
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        declarationRefused(parser)
        return nil
    }
}
