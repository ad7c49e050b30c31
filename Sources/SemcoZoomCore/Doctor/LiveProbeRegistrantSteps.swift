import Foundation

/// The registrant steps of `doctor --live`: add with auto_approve, the three lists and the
/// personal join_url, an invalid page token, cancel, the re-add of a denied address (Zoom's
/// exact answer is recorded), approve, the re-add of an active one, batch registration.
extension LiveProbe {
    private var t: (String, String) -> LocalizedText { Self.t }

    /// The address's registration in each list it appears in (approved, pending, denied).
    private func lists(_ id: ZoomMeetingID, _ email: String) async throws -> [ZoomRegistrantStatus: ZoomRegistrant] {
        var found: [ZoomRegistrantStatus: ZoomRegistrant] = [:]
        for status in ZoomRegistrantStatus.allCases {
            let listed = try await client.listRegistrants(meetingID: id, status: status, context: .none)
            if let registrant = listed.first(where: { $0.email.lowercased() == email.lowercased() }) {
                found[status] = registrant
            }
        }
        return found
    }

    private func listedIn(_ found: [ZoomRegistrantStatus: ZoomRegistrant]) -> String {
        found.isEmpty ? "none" : found.keys.map(\.rawValue).sorted().joined(separator: "+")
    }

    private func seriesAndRegistrant() throws -> (ZoomMeetingID, String) {
        (try need(seriesID, "series"), try need(registrantID, "registrant"))
    }

    func addRegistrantStep() async {
        await step(
            "add-registrant", [.registrantAdd],
            expects: t(
                "201 mit registrant_id; ohne join_url (approval_type 1), auch bei auto_approve.",
                "201 with registrant_id; no join_url (approval_type 1), also with auto_approve."),
            summary: t("Registrant mit auto_approve hinzugefügt", "registrant added with auto_approve")
        ) { s in
            let id = try need(seriesID, "series")
            let created = try await client.addRegistrant(
                meetingID: id, plan.registrant(plan.probeEmail), context: .none)
            registrantID = created.registrantID
            s.compare("status", "201", String(lastStatus() ?? 0))
            s.compare("registrant_id", "present", created.registrantID.isEmpty ? "empty" : "present")
            s.compare("join_url", "absent", created.joinURL == nil ? "absent" : "present")
        }
    }

    func listRegistrantsStep() async {
        await step(
            "list-registrants", [.registrantLists],
            expects: t(
                "In approved (nicht pending/denied), mit persönlicher join_url.",
                "In approved (not pending/denied), with a personal join_url."),
            summary: t(
                "Registrantenlisten approved/pending/denied gelesen", "registrant lists approved/pending/denied read")
        ) { s in
            let (id, registrant) = try seriesAndRegistrant()
            let found = try await lists(id, plan.probeEmail)
            s.compare("lists", "approved", listedIn(found))
            s.compare(
                "id", "as added",
                found[.approved]?.id == registrant ? "as added" : (found[.approved]?.id == nil ? "-" : "other"))
            s.compare(
                "join_url", "present", found[.approved]?.joinURL.map { $0.isEmpty ? "empty" : "present" } ?? "absent")
        }
    }

    /// An unknown `next_page_token` (the client restarts paging once on this answer).
    func pageTokenStep() async {
        await step(
            "page-token", [.pageTokenInvalid],
            expects: t(
                "400 mit code 300 für ein ungültiges oder abgelaufenes next_page_token.",
                "400 with code 300 for an invalid or expired next_page_token."),
            summary: t("Ungültiges Seiten-Token abgelehnt", "invalid page token refused")
        ) { s in
            let id = try need(seriesID, "series")
            let token = try need(rawToken, "token")
            let response = try await raw.get(
                "/meetings/\(id)/registrants",
                query: [
                    URLQueryItem(name: "status", value: "approved"), URLQueryItem(name: "page_size", value: "300"),
                    URLQueryItem(name: "next_page_token", value: "semcoZoomDoctorInvalidPageToken0"),
                ], token: token)
            let code = transport.last()?.zoomError.code
            s.compare("answer", "400/300", "\(response.status)/\(code.map(String.init) ?? "-")")
        }
    }

    func cancelRegistrantStep() async {
        await step(
            "cancel-registrant", [.cancelToDenied],
            expects: t("204; danach in denied, nicht mehr in approved.", "204; then in denied, no longer in approved."),
            summary: t("Registrierung storniert", "registration cancelled")
        ) { s in
            let (id, registrant) = try seriesAndRegistrant()
            try await client.updateRegistrantStatus(
                meetingID: id, action: .cancel,
                registrants: [ZoomRegistrantReference(id: registrant, email: plan.probeEmail)], context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            s.compare("lists", "denied", listedIn(try await lists(id, plan.probeEmail)))
        }
    }

    /// The open question of docs/SIMULATOR.md: what Zoom answers when a denied address is added again.
    func readdDeniedStep() async {
        await step(
            "readd-denied", [.readdDenied],
            expects: t(
                "400 mit code 3000 (abgelehnt); die Adresse bleibt in denied.",
                "400 with code 3000 (refused); the address stays denied."),
            summary: t("Stornierte Adresse erneut hinzugefügt", "cancelled address added again")
        ) { s in
            let (id, _) = try seriesAndRegistrant()
            do {
                let created = try await client.addRegistrant(
                    meetingID: id, plan.registrant(plan.probeEmail), context: .none)
                s.compare("answer", "400/3000", "\(lastStatus() ?? 0)")
                s.detail = t(
                    "Zoom hat die Adresse angenommen (registrant_id \(created.registrantID == registrantID ? "wie zuvor" : "neu"))",
                    "Zoom took the address (registrant_id \(created.registrantID == registrantID ? "as before" : "new"))"
                )
            } catch let error as ZoomError {
                guard case .api(let status, let code, let message, _) = error else { throw error }
                s.compare("answer", "400/3000", "\(status)/\(code.map(String.init) ?? "-")")
                s.detail = t("Zoom wörtlich: \(message)", "Zoom verbatim: \(message)")
            }
            s.compare("lists", "denied", listedIn(try await lists(id, plan.probeEmail)))
        }
    }

    func approveRegistrantStep() async {
        await step(
            "approve-registrant", [.approveDenied],
            expects: t("204; danach wieder in approved mit join_url.", "204; then approved again, with a join_url."),
            summary: t("Stornierte Registrierung wieder genehmigt", "cancelled registration approved again")
        ) { s in
            let (id, registrant) = try seriesAndRegistrant()
            try await client.updateRegistrantStatus(
                meetingID: id, action: .approve,
                registrants: [ZoomRegistrantReference(id: registrant, email: plan.probeEmail)], context: .none)
            s.compare("status", "204", String(lastStatus() ?? 0))
            let found = try await lists(id, plan.probeEmail)
            s.compare("lists", "approved", listedIn(found))
            s.compare(
                "join_url", "present", found[.approved]?.joinURL.map { $0.isEmpty ? "empty" : "present" } ?? "absent")
        }
    }

    /// The active address again, in upper case: the existing registration comes back.
    func readdActiveStep() async {
        await step(
            "readd-active", [.readdActive],
            expects: t(
                "201 mit derselben registrant_id (Adressen ohne Groß-/Kleinschreibung verglichen).",
                "201 with the same registrant_id (addresses compared case-insensitively)."),
            summary: t(
                "Aktive Adresse (in Großbuchstaben) erneut hinzugefügt", "active address (in upper case) added again")
        ) { s in
            let (id, registrant) = try seriesAndRegistrant()
            let created = try await client.addRegistrant(
                meetingID: id, plan.registrant(plan.probeEmail.uppercased()), context: .none)
            s.compare("status", "201", String(lastStatus() ?? 0))
            s.compare("registrant_id", "as before", created.registrantID == registrant ? "as before" : "new")
        }
    }

    /// Two addresses at once on the single meeting, approved at once.
    func batchRegistrantsStep() async {
        await step(
            "batch-registrants", [.batchRegistration],
            expects: t(
                "201; registrants mit beiden Adressen, je registrant_id und join_url; beide in approved.",
                "201; registrants with both addresses, each with registrant_id and join_url; both approved."),
            summary: t("Zwei Registranten auf einmal (batch) hinzugefügt", "two registrants added at once (batch)")
        ) { s in
            let id = try need(singleID, "single meeting")
            let answer = try await client.addRegistrants(
                meetingID: id, plan.batchEmails.map { plan.registrant($0) }, autoApprove: true,
                confirmationEmail: false, context: .none)
            s.compare("status", "201", String(lastStatus() ?? 0))
            for (index, email) in plan.batchEmails.enumerated() {
                let entry = answer.first { $0.email.lowercased() == email }
                s.compare(
                    "registrants[\(index)]", "registrant_id, join_url",
                    entry.map { "registrant_id" + ($0.joinURL == nil ? "" : ", join_url") } ?? "missing")
            }
            let approved = try await client.listRegistrants(meetingID: id, status: .approved, context: .none)
            let listed = plan.batchEmails.filter { email in approved.contains { $0.email.lowercased() == email } }
            s.compare("approved", "2", String(listed.count))
        }
    }
}
