import Foundation

extension SyncRun {
    // MARK: - Finishing

    /// - Parameter state: the state the run ended with, for the outputs (nil: no state file, no write-back).
    func finish(
        _ outcome: inout RunOutcome, status: ExitStatus, message: LocalizedText?, out: URL?, language: Language,
        configuration: Configuration? = nil, state known: SyncState? = nil, zoomCalls: ZoomCallStatistics? = nil
    ) -> RunResult {
        outcome.exitStatus = status
        if let message { outcome.fatal = message }
        outcome.finishedAt = collaborators.clock.now()
        outcome.diagnostics = Self.unique(outcome.diagnostics)
        outcome.recount()
        var reportFile: URL?
        var document: ReportDocument?
        var rows: ReportRows?
        if let out {
            // The output stage writes report.json/.html, the Zoom import and SEMCO write-back files.
            // The report's rows are made from the outcome as they are written, one at a time: a
            // first sync's half a million actions are not held a second time (the document has none).
            var settings = configuration ?? Configuration()
            settings.language = language
            let titles = Dictionary(uniqueKeysWithValues: outcome.courseTitles.map { (CourseNumber($0.key), $0.value) })
            let made = OutputWriter.rows(of: outcome, state: known, language: language)
            rows = made
            do {
                document = try OutputWriter.write(
                    outcome, rows: made, state: known, configuration: settings, courseTitles: titles, to: out)
                reportFile = out.appendingPathComponent(OutputWriter.reportJSON)
            } catch let partial as OutputWriter.PartialFailure {
                // Every other output is written; the report again, now with the error in it.
                Self.noteOutputFailure(&outcome, partial.error, out: out)
                do {
                    document = try OutputWriter.write(
                        outcome, rows: made, state: known, configuration: settings, courseTitles: titles, to: out)
                } catch let again as OutputWriter.PartialFailure {
                    document = again.document
                } catch {
                    Self.noteOutputFailure(&outcome, error, out: out)
                    document = partial.document
                }
                reportFile = out.appendingPathComponent(OutputWriter.reportJSON)
            } catch {
                // Nothing silent: a file the admin relies on that is not there is an error of the
                // run (in the summary, the report and the exit code), not a progress line.
                Self.noteOutputFailure(&outcome, error, out: out)
                do {
                    let assembled = OutputWriter.assembler(
                        for: outcome, state: known, language: language, timeZone: settings.timeZone,
                        courseTitles: titles, actions: []
                    ).assemble(rows: made)
                    try OutputWriter.writeReport(assembled, rows: made, to: out)
                    document = assembled
                    reportFile = out.appendingPathComponent(OutputWriter.reportJSON)
                } catch {
                    Self.noteOutputFailure(&outcome, error, out: out)
                }
            }
        }
        if let rows, reportFile != nil {
            collaborators.progress(RunTexts(language: language).progressOutputs(actions: rows.count))
        }
        var result = RunResult(outcome: outcome, reportFile: reportFile, language: language)
        writeMetrics(
            &result, document: document, rows: rows, state: known, configuration: configuration, zoomCalls: zoomCalls)
        return result
    }

    /// An output that could not be written: an error diagnostic, and exit 3 unless the run already ends worse.
    static func noteOutputFailure(_ outcome: inout RunOutcome, _ error: any Error, out: URL) {
        let reason = describe(error)
        outcome.diagnostics.append(
            Diagnostic(
                code: "output.write-failed", severity: .error,
                message: LocalizedText(
                    de: "Ausgabedateien in „\(out.path)“ konnten nicht geschrieben werden: \(reason.de)",
                    en: "Output files in \"\(out.path)\" could not be written: \(reason.en)"),
                hint: LocalizedText(
                    de: "Platz und Rechte des Ordners prüfen; der nächste Lauf schreibt sie neu.",
                    en: "Check the folder's free space and permissions; the next run writes them again.")))
        outcome.recount()
        if outcome.exitStatus == .ok || outcome.exitStatus == .changesPending { outcome.exitStatus = .partial }
    }

    /// The diagnostics without repeats: the same one twice, and the plan's `plan.topic-cut` for a
    /// course whose long title the export check already reported (`course.title-too-long`):
    /// one problem, one diagnostic, the same count in `validate` and `sync`.
    static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let longTitles = Set(diagnostics.filter { $0.code == "course.title-too-long" }.compactMap(\.course))
        return diagnostics.filter { diagnostic in
            if diagnostic.code == "plan.topic-cut", let course = diagnostic.course, longTitles.contains(course) {
                return false
            }
            return seen.insert(diagnostic).inserted
        }
    }

    static func describe(_ error: any Error) -> LocalizedText {
        if let error = error as? ConfigurationError { return error.message }
        if let error = error as? InputRejection { return rejectionText(error) }
        if let error = error as? StateStoreError { return error.message }
        if let error = error as? RunLockError { return error.message }
        if let error = error as? ZoomError { return error.text }
        if let error = error as? OutputError { return error.message }
        let text = (error as NSError).localizedDescription
        return LocalizedText(de: text, en: text)
    }

    static func rejectionText(_ rejection: InputRejection) -> LocalizedText {
        var place = rejection.file
        if let line = rejection.line { place += ":\(line)" }
        if let path = rejection.elementPath { place += " \(path)" }
        var details: [String] = []
        if let column = rejection.column { details.append(column) }
        if let value = rejection.value { details.append("„\(value)“") }
        let detail = details.isEmpty ? "" : " [" + details.joined(separator: " ") + "]"
        let de =
            rejection.message.de.contains(rejection.file)
            ? rejection.message.de : "\(place)\(detail): \(rejection.message.de)"
        let en =
            rejection.message.en.contains(rejection.file)
            ? rejection.message.en : "\(place)\(detail): \(rejection.message.en)"
        return LocalizedText(
            de: "Eingabe abgelehnt, nichts wurde angewendet. \(de)", en: "Input rejected, nothing was applied. \(en)")
    }

    static func massCancelText(_ check: MassCancelCheck) -> LocalizedText {
        let courses = check.courses.sorted { $0.key < $1.key }
            .map { "\($0.key) (\($0.value.cancels)/\($0.value.registrants))" }.joined(separator: ", ")
        return LocalizedText(
            de:
                "Sicherung gegen Massenstornierung: diese Exporte würden \(check.totalCancels) Teilnehmer in Zoom stornieren"
                + (courses.isEmpty ? "" : " (Kurse: \(courses))")
                + ". Nichts wurde angewendet, die Dateien bleiben im Ablageordner. "
                + "Ist der Export vollständig, mit --allow-mass-cancel erneut starten.",
            en: "Mass-cancel guard: these exports would cancel \(check.totalCancels) registrants in Zoom"
                + (courses.isEmpty ? "" : " (courses: \(courses))")
                + ". Nothing was applied; the files stay in the drop directory. "
                + "If the export is complete, run again with --allow-mass-cancel.")
    }
}

/// `report.json`: the encoded `RunOutcome` (pretty, sorted keys, ISO dates).
public enum RunReportFile {
    public static func encode(_ outcome: RunOutcome) throws -> Data {
        try StateStore.encoder().encode(outcome)
    }

    public static func decode(_ data: Data) throws -> RunOutcome {
        try StateStore.decoder().decode(RunOutcome.self, from: data)
    }
}
