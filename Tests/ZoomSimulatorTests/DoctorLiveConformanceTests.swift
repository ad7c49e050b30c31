import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// What `semco-zoom doctor --live` really sends (the built binary against the simulator over
/// loopback HTTP) checked against Zoom's OpenAPI documents: every path has an operation,
/// every query parameter is declared (and within its enum), every request body validates,
/// and every successful answer the client read validates too.
@Suite("doctor --live requests conform to Zoom's OpenAPI documents")
struct DoctorLiveConformanceTests {
    @Test func everyCallOfTheProbeValidates() async throws {
        let meetings = try OpenAPIDocument(url: RepositoryFiles.zoomOpenAPI(RepositoryFiles.zoomMeetingsAPI))
        let users = try OpenAPIDocument(url: RepositoryFiles.zoomOpenAPI(RepositoryFiles.zoomUsersAPI))
        var configuration = SimulatorConfiguration()
        configuration.users = [
            SimulatedUser(email: "trainer@example.com", type: 2, firstName: "T", lastName: "R", webinar: true)
        ]
        let simulator = try await ZoomSimulator.start(configuration)
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-doctor-live-conformance")
        defer { tmp.remove() }
        // Webinars configured: the probe also reads the host's settings (webinar licence).
        try Data("zoom:\n  kind: webinar\n".utf8).write(to: tmp.url.appendingPathComponent("semco-zoom.yaml"))
        await simulator.recordExchanges()
        let result = try await CLIProcess.run(
            ["doctor", "--live", "--host", "trainer@example.com", "--yes", "--state", "state.json"],
            in: tmp.url,
            environment: [
                "ZOOM_API_URL": simulator.apiURL.absoluteString, "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
                "ZOOM_ACCOUNT_ID": configuration.accountID, "ZOOM_CLIENT_ID": configuration.clientID,
                "ZOOM_CLIENT_SECRET": configuration.clientSecret,
            ])
        let exchanges = await simulator.recordedExchanges()
        await simulator.stop()
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")

        var problems: [String] = []
        var checkedBodies = 0
        var operations = Set<String>()
        for exchange in exchanges where exchange.path.hasPrefix("/v2/") {
            let path = String(exchange.path.dropFirst(3))
            let document = meetings.template(for: path, method: exchange.method) != nil ? meetings : users
            guard let template = document.template(for: path, method: exchange.method) else {
                problems.append("no operation for \(exchange.method) \(path)")
                continue
            }
            operations.insert("\(exchange.method) \(template)")
            let checker = SchemaChecker(document: document)
            let parameters = document.operation(exchange.method, template)?["parameters"]?.arrayValue ?? []
            for pair in (exchange.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let name = parts[0]
                guard
                    let declared = parameters.first(where: {
                        $0["name"]?.stringValue == name && $0["in"]?.stringValue == "query"
                    })
                else {
                    problems.append("\(exchange.method) \(template): query parameter \(name) is not declared")
                    continue
                }
                if let schema = declared["schema"], parts.count > 1 {
                    let raw = parts[1].removingPercentEncoding ?? parts[1]
                    let value: JSONValue =
                        schema["type"]?.stringValue == "boolean"
                        ? .bool(raw == "true")
                        : schema["type"]?.stringValue == "integer"
                            ? (Int64(raw).map(JSONValue.int) ?? .string(raw)) : .string(raw)
                    problems += checker.validate(value, schema).map { "\(exchange.method) \(template) ?\(name): \($0)" }
                }
            }
            if let text = exchange.requestBody {
                guard let schema = document.requestSchema(exchange.method, template) else {
                    problems.append("\(exchange.method) \(template): a body where the document has none")
                    continue
                }
                problems += checker.validate(try JSONValue.parse(text), schema).map {
                    "request \(exchange.method) \(template): \($0)"
                }
                checkedBodies += 1
            }
            if (200..<300).contains(exchange.status), let text = exchange.responseBody,
                let schema = document.responseSchema(exchange.method, template, status: exchange.status)
            {
                problems += checker.validate(try JSONValue.parse(text), schema).map {
                    "response \(exchange.status) \(exchange.method) \(template): \($0)"
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(checkedBodies >= 10)
        // Every kind of call of the probe was seen and checked.
        #expect(
            operations.isSuperset(of: [
                "POST /users/{userId}/meetings", "GET /users/{userId}/meetings", "GET /users/{userId}",
                "GET /meetings/{meetingId}",
                "PATCH /meetings/{meetingId}", "DELETE /meetings/{meetingId}", "GET /meetings/{meetingId}/registrants",
                "POST /meetings/{meetingId}/registrants", "PUT /meetings/{meetingId}/registrants/status",
                "POST /meetings/{meetingId}/batch_registrants", "GET /users/{userId}/settings",
            ]), "\(operations.sorted())")
    }
}
