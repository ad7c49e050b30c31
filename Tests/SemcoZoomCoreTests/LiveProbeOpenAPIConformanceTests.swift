import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// `doctor --live`'s calls (the Zoom client's and its own raw ones: an invalid page token, the
/// host's settings, a token kept from before) validate against Zoom's OpenAPI documents, like
/// every other call semco-zoom makes (ZoomClientOpenAPIConformanceTests).
@Suite struct LiveProbeOpenAPIConformanceTests {
    @Test("doctor --live: every request the probe sends and every answer it reads validates")
    func probeCalls() async throws {
        let configuration = SimHarness.configuration()
        let sim = try await ZoomSimulator.start(configuration)
        defer { Task { await sim.stop() } }
        let transport = RecordingTransport(CurlTransport())
        let plan = LiveProbePlan(
            probeID: "conformance", host: SimHarness.host, probeEmail: nil,
            zone: TimeZone(identifier: "Europe/Berlin")!, language: .de, now: Date())
        // Webinars configured: the probe also reads the host's settings.
        let probe = LiveProbe(
            plan: plan, settings: SimHarness.settings(sim, configuration), configuredKind: .webinar, inner: transport)
        await probe.runSteps()
        #expect(await probe.cleanUp())
        let disagreeing = probe.results.filter { !$0.agrees }.map { $0.line(.en) }
        #expect(disagreeing.isEmpty, "\(disagreeing)")

        let zoom = try ZoomOpenAPI()
        var problems: [String] = []
        var requests = 0
        var operations = Set<String>()
        for (request, response) in await transport.calls.all where request.url.path.hasPrefix("/v2/") {
            let path = String(request.url.path.dropFirst(3))
            let sent = try request.body.map { try JSONValue.parse($0) }
            if sent != nil { requests += 1 }
            operations.insert(
                "\(request.method) \(zoom.document(for: path).template(for: path, method: request.method) ?? path)")
            if (200..<300).contains(response.status) {
                let answered: JSONValue? = response.body.isEmpty ? .none : try JSONValue.parse(response.body)
                problems += zoom.problems(
                    method: request.method, path: path, status: response.status, request: sent, response: answered)
            } else {
                // The probe's deliberate refusals (invalid page token, a deleted occurrence, a
                // denied re-add, a deleted meeting) answer Zoom's error shape, which the documents
                // leave undescribed: their requests are checked.
                problems += zoom.problems(method: request.method, path: path, status: 204, request: sent, response: nil)
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(requests >= 10)
        #expect(
            operations.isSuperset(of: [
                "GET /users/{userId}", "GET /users/{userId}/settings", "GET /users/{userId}/meetings",
                "POST /users/{userId}/meetings",
                "GET /meetings/{meetingId}", "PATCH /meetings/{meetingId}", "DELETE /meetings/{meetingId}",
                "GET /meetings/{meetingId}/registrants", "POST /meetings/{meetingId}/registrants",
                "PUT /meetings/{meetingId}/registrants/status", "POST /meetings/{meetingId}/batch_registrants",
            ]), "\(operations.sorted())")
    }
}
