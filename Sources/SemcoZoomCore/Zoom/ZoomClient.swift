import Foundation

/// The one seam through which semco-zoom talks to Zoom. Meeting names are used for both
/// kinds; an implementation configured for webinars uses the webinar endpoints.
///
/// Every method throws `ZoomError` only. Implementations retry what is safe to retry,
/// respect rate limits, and log each attempt with its `CallContext`.
public protocol ZoomClient: Sendable {
    /// `POST /users/{host}/meetings`. A timeout after sending throws `.outcomeUnknown`.
    func createMeeting(host: String, _ request: MeetingChange, context: CallContext) async throws -> ZoomMeeting
    /// `GET /meetings/{id}` (with `occurrences`, including deleted ones where Zoom shows them).
    func getMeeting(id: ZoomMeetingID, context: CallContext) async throws -> ZoomMeeting
    /// `PATCH /meetings/{id}[?occurrence_id=]`.
    func updateMeeting(id: ZoomMeetingID, occurrenceID: String?, _ request: MeetingChange, context: CallContext)
        async throws
    /// `DELETE /meetings/{id}[?occurrence_id=&cancel_meeting_reminder=]`.
    func deleteMeeting(id: ZoomMeetingID, occurrenceID: String?, notifyRegistrants: Bool, context: CallContext)
        async throws
    /// `GET /users/{host}/meetings?type=upcoming`, every page.
    func listMeetings(host: String, context: CallContext) async throws -> [ZoomMeetingSummary]
    /// `GET /meetings/{id}/registrants?status=`, every page.
    func listRegistrants(meetingID: ZoomMeetingID, status: ZoomRegistrantStatus, context: CallContext) async throws
        -> [ZoomRegistrant]
    /// `POST /meetings/{id}/registrants`.
    func addRegistrant(meetingID: ZoomMeetingID, _ request: ZoomRegistrantRequest, context: CallContext) async throws
        -> ZoomRegistrantCreated
    /// `POST /meetings/{id}/batch_registrants`: at most `ZoomBatchLimits.registrantsPerCall` people in
    /// one call (Heavy label), for scheduled meetings (type 2) and webinars (type 5) only. Only
    /// e-mail, first and last name travel (no `org`). Answers the registrations Zoom holds for the
    /// addresses; an address missing from the answer was not registered.
    func addRegistrants(
        meetingID: ZoomMeetingID, _ requests: [ZoomRegistrantRequest], autoApprove: Bool,
        confirmationEmail: Bool?, context: CallContext
    ) async throws -> [ZoomBatchRegistrant]
    /// `PUT /meetings/{id}/registrants/status` for at most 30 registrants.
    func updateRegistrantStatus(
        meetingID: ZoomMeetingID, action: ZoomRegistrantAction,
        registrants: [ZoomRegistrantReference], context: CallContext) async throws
    /// `DELETE /meetings/{id}/registrants/{registrantId}`.
    func deleteRegistrant(meetingID: ZoomMeetingID, registrantID: String, context: CallContext) async throws
    /// `GET /users/{userId}`.
    func getUser(id: String, context: CallContext) async throws -> ZoomUser
    /// `GET /users/{userId}/settings`: the features the user holds (the webinar add-on).
    func getUserFeatures(id: String, context: CallContext) async throws -> ZoomUserFeatures
    /// Creates + updates this host may still make today (UTC) before Zoom's 100 per day.
    func remainingDailyWrites(host: String) async -> Int
    /// Scopes the current token was granted (fetches a token when none is held).
    func grantedScopes() async throws -> [String]
    /// Creates + updates counted per host for the current UTC day, for the state file
    /// (the next run seeds its client with it through `ZoomClientSettings.dailyWrites`).
    func dailyWriteLedger() async -> DailyWriteLedger
    /// Tells the client whose meeting `id` is, so that an update counts against that host's
    /// daily budget (the client also learns it from creates, gets and lists).
    func noteHost(_ host: String, forMeeting id: ZoomMeetingID) async
}

extension ZoomClient {
    /// Default for clients that do not count writes: an empty ledger for today (UTC).
    public func dailyWriteLedger() async -> DailyWriteLedger {
        DailyWriteLedger(day: DailyWriteLedger.utcDay(of: Date()))
    }

    public func noteHost(_ host: String, forMeeting id: ZoomMeetingID) async {}

    /// Default for clients without batch registration: one `addRegistrant` per person, in order.
    /// A person Zoom refuses (4xx other than 429) is left out of the answer, as a batch would;
    /// any other error ends the loop and is thrown (those added before it are in Zoom and are
    /// recorded from the registrant list by the next run).
    public func addRegistrants(
        meetingID: ZoomMeetingID, _ requests: [ZoomRegistrantRequest], autoApprove: Bool,
        confirmationEmail: Bool?, context: CallContext
    ) async throws -> [ZoomBatchRegistrant] {
        var added: [ZoomBatchRegistrant] = []
        for var request in requests {
            request.autoApprove = autoApprove
            do {
                let created = try await addRegistrant(meetingID: meetingID, request, context: context)
                added.append(
                    ZoomBatchRegistrant(
                        email: request.email, registrantID: created.registrantID, joinURL: created.joinURL))
            } catch let error as ZoomError {
                if case .api(let status, _, _, _) = error, (400..<500).contains(status), status != 429 { continue }
                throw error
            }
        }
        return added
    }
}

/// Zoom's limits of batch registration (Zoom's OpenAPI document, `addBatchRegistrants`).
public enum ZoomBatchLimits {
    /// "Register up to 30 registrants at once".
    public static let registrantsPerCall = 30
    /// Meeting types batch registration takes: 2 (scheduled meeting), 5 (scheduled webinar).
    public static let meetingTypes: Set<Int> = [2, 5]
}
