import Foundation

/// Writes what a run leaves behind into its output folder (README.md, "Outputs of a run"):
/// `zoom-import/*.csv`, `semco-import/kurse.csv` + `buchungen.csv`, `report.json`,
/// `report.html`. Every file is owner-only (0600, folders 0700). `api-calls.jsonl` is the
/// client's; it is listed in the report when it is there.
public enum OutputWriter {
    public static let reportJSON = "report.json"
    public static let reportHTML = "report.html"
    public static let apiCalls = "api-calls.jsonl"

    /// Writes every output file and returns the finished report.
    ///
    /// - Parameters:
    ///   - report: the run's report inputs; `zoomImportFiles` and `files` are filled in here.
    ///   - state: the state after the run, for the SEMCO write-back; nil writes none (plan mode,
    ///     or a run that stopped before it had a state).
    ///   - importBatches: per course, the people Zoom would not take; empty batches are skipped.
    ///   - zoomImportHeader: config `zoom_import_header`.
    ///   - rows: the report's actions, made as they are read (a run's: `rows(of:state:language:)`),
    ///     in place of the assembler's; the document returned then has none (they are the rows).
    @discardableResult
    public static func write(
        _ report: ReportAssembler, state: SyncState?, importBatches: [ZoomImportBatch],
        zoomImportHeader: Bool, to outDir: URL, rows: ReportRows? = nil
    ) throws -> ReportDocument {
        try OwnerOnlyFiles.createDirectory(outDir)
        var assembler = report

        // Merge batches of one course (the run may report a course's people in several places).
        var merged: [CourseNumber: ZoomImportBatch] = [:]
        for batch in importBatches where !batch.rows.isEmpty {
            if var existing = merged[batch.course] {
                existing.rows += batch.rows
                existing.meetingID = existing.meetingID ?? batch.meetingID
                merged[batch.course] = existing
            } else {
                merged[batch.course] = batch
            }
        }
        // Each output on its own: one that cannot be written does not cost the others. The first
        // failure is thrown (`PartialFailure`) once everything else and the report are written.
        var failure: (any Error)?
        var importFiles: [ReportImportFile] = []
        for course in merged.keys.sorted() {
            let batch = merged[course]!
            do {
                let url = try ZoomImportCSV.write(batch, includeHeader: zoomImportHeader, into: outDir)
                let distinct = Set(batch.rows.map { $0.email.lowercased() }).count
                importFiles.append(
                    ReportImportFile(
                        course: course.rawValue, meetingID: batch.meetingID,
                        path: "\(ZoomImportCSV.folder)/\(url.lastPathComponent)", registrants: distinct))
            } catch {
                failure = failure ?? error
            }
        }
        assembler.zoomImportFiles = importFiles

        var files = [reportJSON, reportHTML]
        if let state {
            do {
                try SemcoWriteBack.write(state, into: outDir)
                files += [
                    "\(SemcoWriteBack.folder)/\(SemcoWriteBack.coursesFile)",
                    "\(SemcoWriteBack.folder)/\(SemcoWriteBack.bookingsFile)",
                ]
            } catch {
                failure = failure ?? error
            }
        }
        if FileManager.default.fileExists(atPath: outDir.appendingPathComponent(apiCalls).path) {
            files.append(apiCalls)
        }
        assembler.files = Array(Set(assembler.files + files))

        let document = rows.map { assembler.assemble(rows: $0) } ?? assembler.assemble()
        try writeReport(document, rows: rows, to: outDir)
        if let failure { throw PartialFailure(document: document, error: failure) }
        return document
    }

    /// The report is written, another output is not: `error` says which and why.
    public struct PartialFailure: Error {
        public var document: ReportDocument
        public var error: any Error
    }

    /// Writes `report.json` and `report.html` for a finished document. Both are streamed into
    /// their files through a small buffer (report.json action by action, ReportJSON.swift):
    /// neither file is ever held whole in memory. The actions are `rows` when given (each made
    /// as it is written), else the document's own.
    public static func writeReport(_ document: ReportDocument, rows: ReportRows? = nil, to outDir: URL) throws {
        try OwnerOnlyFiles.createDirectory(outDir)
        try OwnerOnlyFiles.write(to: outDir.appendingPathComponent(reportJSON)) {
            try document.writeJSON(into: &$0, rows: rows)
        }
        try OwnerOnlyFiles.write(to: outDir.appendingPathComponent(reportHTML)) {
            ReportHTML.write(document, rows: rows, into: &$0)
        }
    }
}
