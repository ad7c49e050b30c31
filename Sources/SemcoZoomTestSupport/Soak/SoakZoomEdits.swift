import Foundation
import SemcoZoomCore
import ZoomSimulator

/// A night's changes beside the tool: admin edits in Zoom and injected faults.
extension Night.Context {
    func zoomEdit(_ n: Int, at: Date) async throws {
        let ours = await simulator.snapshot().meetings.filter {
            SoakMeetingView.courseNumber(agenda: $0.agenda) != nil
        }
        guard let meeting = zoomRNG.pick(ours.sorted { $0.id < $1.id }) else { return }
        statistics.zoomEdits += 1
        switch zoomRNG.int(0...7) {
        case 7:
            // An admin gives the meeting another host in Zoom (the guide's way to change the
            // moderator): another of the course's people; the tool takes it over.
            guard let number = SoakMeetingView.courseNumber(agenda: meeting.agenda) else { return }
            let people = [
                "k\(number)a@trainer.soak.example", "k\(number)b@trainer.soak.example",
                "k\(number)s@staff.soak.example",
            ].filter { $0 != meeting.hostEmail.lowercased() }
            guard let host = zoomRNG.pick(people) else { return }
            await simulator.addUser(SimulatedUser(email: host, type: 2))
            await simulator.changeHostDirectly(id: meeting.id, hostEmail: host)
            log.append("  Zoom: host of \(meeting.id) changed in Zoom to \(host)")
        case 0:
            await simulator.deleteMeetingDirectly(id: meeting.id)
            log.append("  Zoom: meeting \(meeting.id) (\(meeting.agenda?.prefix(13) ?? "")) deleted in Zoom")
        case 1, 2:
            await simulator.editMeetingDirectly(id: meeting.id, topic: "Geändert in Zoom \(n)")
            log.append("  Zoom: topic of \(meeting.id) changed in Zoom")
        case 3:
            await simulator.editMeetingDirectly(
                id: meeting.id, topic: nil, agenda: nil, startTime: nil,
                duration: (meeting.duration ?? 60) + 30)
            log.append("  Zoom: duration of \(meeting.id) changed in Zoom")
        case 4:
            let ahead = meeting.occurrences.filter { $0.status == "available" && $0.startTime > at }
            guard ahead.count > 1, let occurrence = zoomRNG.pick(ahead) else { return }
            await simulator.deleteOccurrenceDirectly(id: meeting.id, occurrenceID: occurrence.occurrenceID)
            log.append("  Zoom: occurrence \(occurrence.occurrenceID) of \(meeting.id) deleted in Zoom")
        default:
            let approved = meeting.registrants.filter { $0.status == "approved" }.sorted { $0.id < $1.id }
            guard let registrant = zoomRNG.pick(approved) else { return }
            await simulator.denyRegistrantDirectly(meetingID: meeting.id, email: registrant.email)
            log.append("  Zoom: registrant <\(registrant.email)> of \(meeting.id) denied in Zoom")
        }
    }

    // MARK: Faults

    func injectFaults(at: Date) async -> Int {
        let count = faultRNG.int(1...3)
        var names: [String] = []
        let formatter = ISO8601DateFormatter()
        for _ in 0..<count {
            let methods: [String?] = [nil, "GET", "POST", "PATCH", "PUT", "DELETE"]
            let prefixes: [String?] = [nil, soak.webinars ? "/v2/webinars/" : "/v2/meetings/", "/v2/users/"]
            let method = faultRNG.pick(methods)!
            let prefix = faultRNG.pick(prefixes)!
            let kind = faultRNG.int(0...9)
            let fault: SimulatedFault
            switch kind {
            case 0, 1:
                let status = faultRNG.pick([500, 502, 503, 504])!
                fault = SimulatedFault(
                    method: method, pathPrefix: prefix, count: faultRNG.int(1...3),
                    action: .respond(
                        status: status, body: "{\"code\":\(status),\"message\":\"Internal error\"}", headers: [:]))
                names.append("\(status)×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
            case 2:
                fault = SimulatedFault(
                    method: method, pathPrefix: prefix, count: faultRNG.int(1...4),
                    action: .respond(
                        status: 429,
                        body:
                            "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}",
                        headers: [
                            "X-RateLimit-Category": "Light", "X-RateLimit-Type": "QPS", "X-RateLimit-Limit": "30",
                            "X-RateLimit-Remaining": "0",
                            "Retry-After": formatter.string(from: at.addingTimeInterval(1)),
                        ]))
                names.append("429 QPS×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
            case 3:
                let midnight = SoakDay(Int(at.timeIntervalSince1970 / 86_400) + 1).utc(hour: 0, minute: 0)
                let writeMethod = faultRNG.pick(["POST", "PATCH", "PUT"])!
                fault = SimulatedFault(
                    method: writeMethod, pathPrefix: prefix, count: 1,
                    action: .respond(
                        status: 429,
                        body:
                            "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}",
                        headers: [
                            "X-RateLimit-Category": "Light", "X-RateLimit-Type": "Daily-limit",
                            "X-RateLimit-Limit": "100",
                            "X-RateLimit-Remaining": "0", "Retry-After": formatter.string(from: midnight),
                        ]))
                names.append("429 daily \(writeMethod) \(prefix ?? "*")")
            case 4:
                fault = SimulatedFault(
                    method: method, pathPrefix: prefix ?? "/v2/", count: 1,
                    action: .respond(
                        status: 401, body: "{\"code\":124,\"message\":\"Access token is expired.\"}", headers: [:]))
                names.append("401/124 token expired \(method ?? "*") \(prefix ?? "/v2/")")
            case 5:
                fault = SimulatedFault(method: method, pathPrefix: prefix, count: 1, action: .dropConnection)
                names.append("drop \(method ?? "*") \(prefix ?? "*")")
            case 6:
                let writeMethod = faultRNG.pick(["POST", "PATCH", "PUT", "DELETE"])!
                fault = SimulatedFault(
                    method: writeMethod, pathPrefix: prefix, count: 1, action: .dropAfterProcessing)
                names.append("drop after processing \(writeMethod) \(prefix ?? "*")")
            case 7:
                fault = SimulatedFault(
                    method: method, pathPrefix: prefix, count: faultRNG.int(1...5), action: .delay(0.2))
                names.append("delay 0.2 s×\(fault.count) \(method ?? "*") \(prefix ?? "*")")
            case 8:
                await simulator.setLatency(0.005 * Double(faultRNG.int(1...4)))
                names.append("latency")
                continue
            default:
                fault = SimulatedFault(
                    method: "POST", pathPrefix: "/oauth/token", count: 1,
                    action: .respond(
                        status: 503, body: "{\"code\":503,\"message\":\"Service unavailable\"}", headers: [:]))
                names.append("503 on /oauth/token")
            }
            await simulator.inject(fault)
        }
        statistics.faultsInjected += count
        log.append("  faults: " + names.joined(separator: ", "))
        return count
    }
}
