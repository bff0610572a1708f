/**
 * GENERATED FILE — DO NOT EDIT.
 * Produced by packages/types/scripts/generate.mjs from @zestequity/partner-api-spec (dist/openapi.json)
 * with openapi-typescript. Change the spec, then run `pnpm --filter @zestequity/partner-api-types generate`.
 */

export interface paths {
    "/public/hc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the service is up
         * @description Liveness probe for monitors and load balancers. Needs no token and has no side effects. Any `200` means the service is accepting requests; the body is not part of the contract.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth2/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a signed JWT assertion for an access token
         * @description Trades a short-lived JWT, signed with your registered Ed25519 key, for a bearer
         *     access token (OAuth 2.0 JWT-bearer grant, RFC 7523). The body is form-encoded,
         *     and no `Authorization` header is sent. See the `bearerAuth` security scheme for
         *     the claims the assertion must carry.
         *
         *     The token lasts `expiresIn` seconds (3600 when the field is absent). Cache it and
         *     reuse it for every call until shortly before it expires, then sign a fresh
         *     assertion; there is no need to mint one per request. An assertion that is
         *     expired, signed with another algorithm, addressed to another environment
         *     (`aud`) or whose `sub` differs from `client_id` is refused with
         *     `401 invalid_token`.
         *
         *     Creates no resources and takes no `Idempotency-Key`; emits no webhook.
         */
        post: operations["exchangeJwtAssertion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth2/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inspect the presented access token
         * @description Reports which client the bearer token in the `Authorization` header was issued to. Call it after a token exchange (or from a health check of your integration) to confirm that the credentials in use belong to the partner application you expect. Read-only; emits no webhook.
         */
        get: operations["getOauth2Info"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contract registry versions
         * @description Returns the versions of the contract registry that SPV requests can be validated against. Start here to find the version to pass to the other Contracts operations and as `templateVersion` when creating an SPV request. A bearer token is accepted but not required. Read-only; emits no webhook. The response shape is not fixed by the service, so read it defensively.
         */
        get: operations["listContractVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/templates/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contract templates of a version
         * @description Lists the contract templates defined in one registry version. A template's name is the `templateId` you send on `POST /v1/spv-requests`; your assigned template is communicated at onboarding. A bearer token is accepted but not required. Read-only; emits no webhook. The response shape is not fixed by the service, so read it defensively.
         */
        get: operations["listContractTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/templates/{version}/{templateName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one contract template
         * @description Returns one template: the attribute rules that an SPV request's `attributes` must satisfy. Read it to build a valid request body before submitting. A bearer token is accepted but not required. Read-only; emits no webhook. The document is defined by the contract registry, not by this API, so read it defensively.
         */
        get: operations["getContractTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/catalogs/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List attribute catalogs of a version
         * @description Lists the attribute catalogs of one registry version: the named groups of attribute definitions that templates are assembled from. A bearer token is accepted but not required. Read-only; emits no webhook. The response shape is not fixed by the service, so read it defensively.
         */
        get: operations["listContractCatalogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/catalogs/{version}/{catalogName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one attribute catalog
         * @description Returns one attribute catalog with the definitions of its attributes (names, types, constraints). A bearer token is accepted but not required. Read-only; emits no webhook. The document is defined by the contract registry, not by this API, so read it defensively.
         */
        get: operations["getContractCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/primitives/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List primitive types of a version
         * @description Lists the primitive type specifications (for example money, dates or percentages) of one registry version. A bearer token is accepted but not required. Read-only; emits no webhook. The response shape is not fixed by the service, so read it defensively.
         */
        get: operations["listContractPrimitives"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/primitives/{version}/{primitiveName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one primitive type
         * @description Returns the definition of one primitive type, which tells you how a value of that type must be written in `attributes`. A bearer token is accepted but not required. Read-only; emits no webhook. The document is defined by the contract registry, not by this API, so read it defensively.
         */
        get: operations["getContractPrimitive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/samples/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sample payloads of a version
         * @description Lists the sample attribute payloads of one registry version. A bearer token is accepted but not required. Read-only; emits no webhook. The response shape is not fixed by the service, so read it defensively.
         */
        get: operations["listContractSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contracts/samples/{version}/{sampleName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one sample payload
         * @description Returns one sample payload that passes validation against its template; a convenient starting point for an SPV request body. A bearer token is accepted but not required. Read-only; emits no webhook. The document is defined by the contract registry, not by this API, so read it defensively.
         */
        get: operations["getContractSample"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/spv-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your SPV requests
         * @description Pages through the SPV requests created with your `client_id`, optionally only
         *     those in one `status`. Other partners' requests are never visible.
         *
         *     Pagination is page-number based. `page` starts at 1 and `perPage` is between 1
         *     and 100 (default 10). In the answer, `count` is the number of matching requests
         *     over all pages, `skip` is `(page - 1) * perPage` and `limit` is `perPage`; keep
         *     requesting the next page until `skip + documents.length` reaches `count`. Read-only; emits no webhook.
         */
        get: operations["listSpvRequests"];
        put?: never;
        /**
         * Submit an SPV request
         * @description Asks Zest to set up a new SPV. The `attributes` are validated against the
         *     contract template named by `templateId` and `templateVersion`; problems are
         *     reported together as `400 validation_error`, one `validationErrors` item each.
         *     An accepted request is stored as `pending-review` and answered with `201`.
         *
         *     Webhooks: `spv_request.created` fires right after the `201`. A Zest reviewer
         *     then approves the request, which creates the SPV and fires
         *     `spv_request.completed` (with `materialisedRefs`), or rejects it, which fires
         *     `spv_request.rejected`.
         *
         *     Idempotency: the `Idempotency-Key` header is required; without it the request
         *     is refused with `400 invalid_request`. Zest keeps the answer to a key for 24
         *     hours: repeating the call with the same key and the same body (compared after
         *     sorting JSON keys) returns the original `201` and body again without creating
         *     a second request, while the same key with a different body is refused with
         *     `409 conflict`. After a timeout, retry with the same key and the same body.
         */
        post: operations["createSpvRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/spv-requests/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV request's `spvRequestSlug`.
                 * @example svr_a1b2c3
                 */
                slug: components["parameters"]["SpvRequestSlug"];
            };
            cookie?: never;
        };
        /**
         * Get one SPV request
         * @description Returns the current state of one of your SPV requests. Webhooks are the primary way to learn about review outcomes; use this call to reconcile, for example after missing a delivery. Requests of other partners answer `404 not_found`. Read-only; emits no webhook.
         */
        get: operations["getSpvRequest"];
        put?: never;
        post?: never;
        /**
         * Cancel a pending SPV request
         * @description Withdraws an SPV request that is still `pending-review`. The answer is the
         *     request with `status` `cancelled` and `cancelledAt` set, and the
         *     `spv_request.cancelled` webhook fires.
         *
         *     Only pending requests can be cancelled. Once a request is `approved`,
         *     `rejected` or already `cancelled` it is terminal, and this call is refused with
         *     `409 conflict`, so a repeated cancel also answers `409`. Takes no
         *     `Idempotency-Key`.
         */
        delete: operations["cancelSpvRequest"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/investors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register investors in bulk
         * @description Registers one or more investors whose KYC you manage. The batch is processed
         *     row by row: the answer is `200` whenever the request itself is acceptable,
         *     even if some or all rows failed, with one result per row keyed by your
         *     `partnerInvestorId`. Check each row's `status`:
         *     `created` (new person, `zestPersonId` set), `already_exists` (the
         *     `partnerInvestorId` was seen before; the existing `zestPersonId` is returned)
         *     or `failed` (see `error`; retry the row only if `error.retryable` is `true`,
         *     otherwise fix it first).
         *
         *     Webhooks: `investor.created` fires once per `created` row, never for
         *     `already_exists` or `failed` rows.
         *
         *     Idempotency: rows are naturally idempotent on `partnerInvestorId`, so resending
         *     a batch never duplicates a person. The optional `Idempotency-Key` header adds
         *     response-level replay: within 24 hours the same key and body return the
         *     original answer, and the same key with a different body is refused with
         *     `409 conflict`.
         */
        post: operations["bulkCreateInvestors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/spvs/{spvSlug}/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open subscriptions on an SPV
         * @description Opens one subscription per row on one SPV: an investor (`zestPersonId` from
         *     `POST /v1/investors`), an amount (`lumpSum`) and a share class. New
         *     subscriptions start as `pending`.
         *
         *     All or nothing: if any row is invalid, the whole request is refused with
         *     `400 validation_error` (each problem listed in `validationErrors`) and no
         *     subscription is created. A row whose `zestPersonId` is not one of your
         *     investors refuses the whole request too, with `404 not_found` naming the row.
         *     Fix the rows and resend the whole batch. This differs from investor
         *     registration, which reports per row.
         *
         *     Webhooks: `subscription.created` fires once per created subscription.
         *     `subscription.completed` follows much later, after the form and funding
         *     uploads and Zest's reconciliation of the wire.
         *
         *     Idempotency: the optional `Idempotency-Key` header makes retries safe; within
         *     24 hours the same key and body replay the original `201` answer without
         *     creating anything, and the same key with a different body is refused with
         *     `409 conflict`. Without a key, a retry after a timeout may open duplicate
         *     subscriptions.
         */
        post: operations["createSubscriptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/spvs/{spvSlug}/subscription/{personId}/forms": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
                /**
                 * @description The investor's `zestPersonId` (the subscription's `personId`).
                 * @example psn_abc123
                 */
                personId: components["parameters"]["PersonId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload the signed subscription form
         * @description Attaches the investor's signed subscription form to their subscription on the
         *     SPV. Send `multipart/form-data` with exactly one part, `file`.
         *
         *     File rules: at most 10,485,760 bytes (10 MiB), otherwise
         *     `413 payload_too_large`; type `application/pdf`, `image/jpeg`, `image/png` or
         *     `image/webp`, otherwise `415 unsupported_media_type`. The file is kept in
         *     private storage; the answer carries a signed, time-limited download URL.
         *
         *     Order matters: upload the form first, then the funding receipt. Once the
         *     subscription has reached a terminal status the upload is refused with
         *     `409 conflict`.
         *
         *     Webhooks: `signed_subscription_form.uploaded` fires on success. Uploads take
         *     no `Idempotency-Key`.
         */
        post: operations["uploadSubscriptionForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/spvs/{spvSlug}/subscription/{personId}/fundings": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
                /**
                 * @description The investor's `zestPersonId` (the subscription's `personId`).
                 * @example psn_abc123
                 */
                personId: components["parameters"]["PersonId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload the funding receipt
         * @description Records that the investor has wired the money: the wire-transfer receipt plus
         *     the amount, currency and your wire reference. Send `multipart/form-data` with
         *     the text parts `amount` (decimal string such as `50000.00`), `currency`
         *     (ISO 4217 code such as `USD`) and `wireReference`, and the `file` part.
         *
         *     Strict order: the signed subscription form must already be on record for this
         *     subscription. A funding upload that arrives first is refused with
         *     `409 conflict`; upload the form, then retry. `409` is also returned once the
         *     subscription is in a terminal status.
         *
         *     File rules: at most 10,485,760 bytes (10 MiB), otherwise
         *     `413 payload_too_large`; type `application/pdf`, `image/jpeg`, `image/png` or
         *     `image/webp`, otherwise `415 unsupported_media_type`.
         *
         *     Webhooks: `funding_receipt.uploaded` fires on success. Zest then reconciles
         *     the wire and completes the subscription, which fires
         *     `subscription.completed`. Uploads take no `Idempotency-Key`.
         */
        post: operations["uploadFundingReceipt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "spv_request.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An SPV request was accepted
         * @description Sent right after `POST /v1/spv-requests` answered `201`. The request now waits
         *     for review with `status` `pending-review`. The payload repeats the template and
         *     the validated attributes so you can correlate it with your own record.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSpvRequestCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "spv_request.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An SPV request was approved and the SPV created
         * @description Sent when a Zest reviewer approves an SPV request. Approval creates the
         *     opportunity, vehicle, segregated portfolio and portfolio company in one step;
         *     their identifiers are in `materialisedRefs`. Store `materialisedRefs.vehicleSlug`:
         *     it is the `spvSlug` for creating subscriptions and uploading documents.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSpvRequestCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "spv_request.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An SPV request was rejected
         * @description Sent when a Zest reviewer rejects an SPV request. Rejection is terminal; show
         *     `rejectionReason` to your operators and submit a new request if the deal should
         *     go ahead.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSpvRequestRejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "spv_request.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An SPV request was cancelled
         * @description Sent after you cancelled a pending SPV request with
         *     `DELETE /v1/spv-requests/{slug}`. Cancellation is terminal.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSpvRequestCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "investor.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An investor was registered
         * @description Sent once for every row of `POST /v1/investors` that created a new Zest person
         *     (row `status` `created`). Rows that were `already_exists` or `failed` send
         *     nothing.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onInvestorCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A subscription was opened
         * @description Sent once for every subscription created by
         *     `POST /v1/spvs/{spvSlug}/subscriptions`. The subscription starts as `pending`;
         *     `partnerSubscriptionId` is echoed when you supplied one.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSubscriptionCreated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "signed_subscription_form.uploaded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signed subscription form was stored
         * @description Sent after a successful
         *     `POST /v1/spvs/{spvSlug}/subscription/{personId}/forms`. From now on the
         *     funding receipt can be uploaded. `subscriptionFormUrl` is a signed link that
         *     expires; download the file promptly if you need a copy.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSignedSubscriptionFormUploaded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "funding_receipt.uploaded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A funding receipt was stored
         * @description Sent after a successful
         *     `POST /v1/spvs/{spvSlug}/subscription/{personId}/fundings`. Zest now checks the
         *     receipt against the incoming wire; `subscription.completed` follows once the
         *     funds are reconciled. `fundingReceiptUrl` is a signed link that expires.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onFundingReceiptUploaded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A subscription was completed
         * @description Sent when Zest has matched the funding receipt with the wire and marked the
         *     subscription completed. This event can arrive late: if the immediate send is
         *     missed, a background sweep that runs every minute sends it afterwards, so expect
         *     delays and duplicates, and do not assume it arrives after
         *     `funding_receipt.uploaded`; order by `occurredAt`.
         *
         *     Delivered as a signed `POST` with a JSON body to your registered endpoint:
         *     verify `Zest-Signature` over the raw body, deduplicate on `eventId`, answer
         *     `2xx` within 10 seconds and do the work afterwards. See the Webhooks tag for
         *     the signing scheme and the retry schedule.
         */
        post: operations["onSubscriptionCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description One page of SPV requests. `count` is the number of requests matching the filter across all pages, `skip` is how many were skipped before this page (`(page - 1) * perPage`) and `limit` is the page size (`perPage`). The last page is reached when `skip + documents.length >= count`. */
        AggregationResponse: {
            /** @description The SPV requests on this page. No particular order is promised. */
            documents: components["schemas"]["SpvRequestResponse"][];
            /**
             * @description Total number of SPV requests that match the filter, over all pages.
             * @default 0
             */
            count: number;
            /**
             * @description Number of matching requests before this page, `(page - 1) * perPage`.
             * @default 0
             */
            skip: number;
            /**
             * @description The page size that was applied, equal to `perPage`.
             * @default 10
             */
            limit: number;
        };
        /** @description One attribute catalog from the contract registry. The document is defined by the registry, not by this API; every field is optional and unknown fields may appear. */
        ContractCatalog: {
            /** @description The catalog's name. */
            name?: string;
            /** @description The registry version of this catalog. */
            version?: string;
            /** @description Attribute definitions keyed by attribute name. */
            attributes?: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Attribute catalogs of one registry version: the named sets of attribute definitions that templates draw from. The response shape is not pinned down by the service: every field is optional and unknown fields may appear. */
        ContractCatalogList: {
            /** @description The registry version the list belongs to. */
            version?: string;
            /** @description One entry per catalog; entries are names or summary objects depending on the service version. */
            catalogs?: unknown[];
        } & {
            [key: string]: unknown;
        };
        /** @description One primitive type definition from the contract registry (for example a money or percentage type). Defined by the registry, not by this API; every field is optional and unknown fields may appear. */
        ContractPrimitive: {
            /** @description The primitive's name. */
            name?: string;
            /** @description The registry version of this primitive. */
            version?: string;
            /** @description The type rules of the primitive. */
            definition?: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Primitive type definitions of one registry version (money, dates, percentages and the like) that attribute definitions are built from. The response shape is not pinned down by the service: every field is optional and unknown fields may appear. */
        ContractPrimitiveList: {
            /** @description The registry version the list belongs to. */
            version?: string;
            /** @description One entry per primitive; entries are names or summary objects depending on the service version. */
            primitives?: unknown[];
        } & {
            [key: string]: unknown;
        };
        /** @description One sample payload from the contract registry, useful as a starting point for an SPV request body. Defined by the registry, not by this API; every field is optional and unknown fields may appear. */
        ContractSample: {
            /** @description The sample's name. */
            name?: string;
            /** @description The template the sample validates against. */
            templateId?: string;
            /** @description The registry version of the sample. */
            version?: string;
            /** @description An attribute map that passes validation against the template. */
            attributes?: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Sample attribute payloads of one registry version, each of which passes validation against its template. The response shape is not pinned down by the service: every field is optional and unknown fields may appear. */
        ContractSampleList: {
            /** @description The registry version the list belongs to. */
            version?: string;
            /** @description One entry per sample; entries are names or summary objects depending on the service version. */
            samples?: unknown[];
        } & {
            [key: string]: unknown;
        };
        /** @description One versioned, read-only contract template: the attribute rules an SPV request's `attributes` are validated against. The document is defined by the contract registry, not by this API; every field is optional and unknown fields may appear. */
        ContractTemplate: {
            /** @description The template's identifier, used as `templateId` on `POST /v1/spv-requests`. */
            templateId?: string;
            /** @description The registry version of this template; used as `templateVersion`. */
            version?: string;
            /** @description The attribute definitions of the template, keyed by attribute name. */
            attributes?: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Contract templates of one registry version, for example `syndicate_secondary`. A template's name is the `templateId` you send when creating an SPV request. The response shape is not pinned down by the service: every field is optional and unknown fields may appear. */
        ContractTemplateList: {
            /** @description The registry version the list belongs to. */
            version?: string;
            /** @description One entry per template; entries are names or summary objects depending on the service version. */
            templates?: unknown[];
        } & {
            [key: string]: unknown;
        };
        /** @description The contract registry versions the service can validate against. The response shape is not pinned down by the service; all fields are optional and unknown fields may appear. Pick a version here, then list its templates. */
        ContractVersionList: {
            /** @description Available registry versions, for example `1.0.0`. */
            versions?: string[];
        } & {
            [key: string]: unknown;
        };
        /**
         * @description Two-letter ISO 3166-1 alpha-2 country code in upper case, for example `AE` or `GB`.
         * @example AE
         */
        CountryCode: string;
        /**
         * @description Three-letter ISO 4217 currency code in upper case, for example `USD` or `AED`.
         * @example USD
         */
        CurrencyCode: string;
        /**
         * @description A decimal number carried as a string so that no precision is lost in transit, for example `50000.00` or `2.0`. An optional leading minus sign, digits, and an optional fractional part; no exponent, no thousands separators.
         * @example 50000.00
         */
        DecimalString: string;
        /** @description Fee and carry terms per share class, as recorded for the SPV. */
        FeesAndCarryResponse: {
            /** @description One entry per share class. */
            shareClasses?: components["schemas"]["ShareClassFeesAndCarry"][];
        };
        /** @description The stored signed subscription form. */
        FormUploadResponse: {
            /**
             * @description The subscription the form was attached to.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /** @description A signed, time-limited URL to download the stored form. Do not store it for later use; it expires. */
            subscriptionFormUrl: string;
            /**
             * Format: date-time
             * @description When Zest stored the file (UTC).
             */
            uploadedAt: string;
        };
        /** @description Multipart body of a funding receipt upload; three text parts plus the receipt file. */
        FundingReceiptUpload: {
            amount: components["schemas"]["DecimalString"];
            currency: components["schemas"]["CurrencyCode"];
            /**
             * @description Your reference for the wire transfer (for example the payment message id), used by Zest to match the funds.
             * @example ACME-WIRE-20260507-0042
             */
            wireReference: string;
            /**
             * Format: binary
             * @description The wire-transfer receipt: a PDF, JPEG, PNG or WEBP file of at most 10,485,760 bytes (10 MiB). Send the part with its real `Content-Type`.
             */
            file: string;
        };
        /** @description A funding receipt that Zest stored, with the funding details recorded alongside it. */
        FundingReceiptUploadedData: {
            /**
             * @description The subscription the event is about.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /**
             * @description Your identifier of the investor, present when the subscription can be linked to one.
             * @example acme-inv-7341
             */
            partnerInvestorId?: string;
            /** @description A signed, time-limited URL to download the receipt; fetch it promptly if you need a copy. */
            fundingReceiptUrl: string;
            amount: components["schemas"]["DecimalString"];
            currency: components["schemas"]["CurrencyCode"];
            /**
             * @description The wire reference supplied with the upload.
             * @example ACME-WIRE-20260507-0042
             */
            wireReference: string;
            /**
             * Format: date-time
             * @description When the receipt was stored (UTC).
             */
            uploadedAt: string;
        };
        /** @description Envelope of the `funding_receipt.uploaded` event: a funding receipt was stored. */
        FundingReceiptUploadedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `funding_receipt.uploaded` for this event.
             * @constant
             */
            eventType: "funding_receipt.uploaded";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["FundingReceiptUploadedData"];
        };
        /** @description The stored funding receipt and the funding details recorded with it. */
        FundingUploadResponse: {
            /**
             * @description The subscription the receipt was attached to.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /** @description A signed, time-limited URL to download the stored receipt. It expires; do not store it for later use. */
            fundingReceiptUrl: string;
            amount: components["schemas"]["DecimalString"];
            currency: components["schemas"]["CurrencyCode"];
            /**
             * @description The wire reference you supplied.
             * @example ACME-WIRE-20260507-0042
             */
            wireReference: string;
            /**
             * Format: date-time
             * @description When Zest stored the file (UTC).
             */
            uploadedAt: string;
        };
        /** @description The framework's own request-validation error (status 422). It is not the partner envelope: it carries a list under `detail` and no `code`. Clients should treat it like a `400 invalid_request`. */
        HTTPValidationError: {
            /** @description The individual problems. */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** @description Liveness payload of the health check. Its fields are not part of the contract; treat any 200 answer as "the service is up" and do not parse the body. */
        HealthResponse: {
            /**
             * @description Free-form status word reported by the service when present.
             * @example ok
             */
            status?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description What the service knows about the access token that was presented. */
        InfoResponse: {
            /**
             * @description Kind of principal the token was issued to. Partner integrations are `service` clients.
             * @enum {string}
             */
            clientType: "service" | "user" | "application";
            /**
             * @description The partner `client_id` the token belongs to; compare it with your own to catch mixed-up credentials.
             * @example client_xyz
             */
            clientId: string;
            /** @description Additional, unversioned details about the client (for example a display name). Keys may change. */
            metadata?: {
                [key: string]: unknown;
            };
        };
        /** @description A batch of investors to register in one call. Each row succeeds or fails on its own. */
        InvestorBulkCreate: {
            /** @description The investors to create. No batch-size limit is published; keep batches modest. */
            investors: components["schemas"]["InvestorCreateRow"][];
        };
        /** @description One result per submitted row. Inspect every row; a 200 does not mean every row was created. */
        InvestorBulkResponse: {
            /** @description Row results, correlated to the request by `partnerInvestorId`. */
            results: components["schemas"]["InvestorRowResult"][];
        };
        /** @description One investor to register with Zest. KYC stays with the partner (`kycManagedBy: partner`). */
        InvestorCreateRow: {
            /**
             * @description Your own stable identifier for the investor. Results are keyed by it, and a value Zest has already seen returns the existing person instead of creating a duplicate.
             * @example acme-inv-7341
             */
            partnerInvestorId: string;
            /**
             * Format: email
             * @description The investor's email address.
             * @example alice@example.com
             */
            email: string;
            /**
             * @description Given name.
             * @example Alice
             */
            firstName: string;
            /**
             * @description Family name.
             * @example Liddell
             */
            lastName: string;
            /**
             * Format: date
             * @description Date of birth as an ISO 8601 calendar date, `YYYY-MM-DD`.
             * @example 1985-04-12
             */
            dateOfBirth: string;
            countryOfResidence?: components["schemas"]["CountryCode"];
        };
        /** @description The person Zest registered for one `created` row of a bulk investor request. */
        InvestorCreatedData: {
            /**
             * @description Your identifier of the investor, as sent in the row.
             * @example acme-inv-7341
             */
            partnerInvestorId: string;
            /**
             * @description Zest's identifier of the new person.
             * @example psn_abc123
             */
            zestPersonId: string;
            /**
             * @description The investor's email address.
             * @example alice@example.com
             */
            email: string;
            /**
             * @description Given name.
             * @example Alice
             */
            firstName: string;
            /**
             * @description Family name.
             * @example Liddell
             */
            lastName: string;
            /**
             * @description Always `partner`, because KYC for partner-sourced investors stays with the partner.
             * @constant
             */
            kycManagedBy: "partner";
        };
        /** @description Envelope of the `investor.created` event: an investor row of a bulk create produced a new Zest person. */
        InvestorCreatedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `investor.created` for this event.
             * @constant
             */
            eventType: "investor.created";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["InvestorCreatedData"];
        };
        /** @description Why one investor row failed. */
        InvestorRowError: {
            /**
             * @description Machine-readable reason. Row-level codes are not enumerated by the service; log unknown ones.
             * @example format
             */
            code: string;
            /**
             * @description The row field the problem concerns, when there is one.
             * @example dateOfBirth
             */
            field?: string;
            /** @description Human-readable explanation, suitable for operators. */
            message: string;
            /** @description `true` when sending the same row again later may succeed (a transient failure); `false` when the row must be corrected first. */
            retryable: boolean;
        };
        /** @description The result for one submitted row, matched to it by `partnerInvestorId`. */
        InvestorRowResult: {
            /**
             * @description The identifier you sent for the row.
             * @example acme-inv-7341
             */
            partnerInvestorId: string;
            status: components["schemas"]["InvestorRowStatus"];
            /**
             * @description Zest's identifier of the person, present for `created` and `already_exists` rows. Store it: subscriptions and uploads address the investor by it.
             * @example psn_abc123
             */
            zestPersonId?: string;
            error?: components["schemas"]["InvestorRowError"];
        };
        /**
         * @description Outcome of one investor row. `created`: a new Zest person was registered (`investor.created` fires). `already_exists`: the `partnerInvestorId` was known, and the existing person is returned (no event). `failed`: the row was not processed; see `error` (no event).
         * @enum {string}
         */
        InvestorRowStatus: "created" | "already_exists" | "failed";
        /** @description Identifiers of the records Zest created when the SPV request was approved. `vehicleSlug` is the SPV slug used in `/v1/spvs/{spvSlug}/...` paths. */
        MaterialisedRefsResponse: {
            /**
             * @description The investment opportunity created for the deal.
             * @example opp_zyx789
             */
            opportunitySlug: string;
            /**
             * @description The SPV (vehicle); pass it as `spvSlug` when creating subscriptions and uploading documents.
             * @example veh_klm456
             */
            vehicleSlug: string;
            /**
             * @description The segregated portfolio created for the deal.
             * @example sp_qrs321
             */
            spSlug: string;
            /**
             * @description The segregated portfolio company that holds the portfolio.
             * @example spc_def987
             */
            spcSlug: string;
        };
        /**
         * @description An amount of money: a currency and a decimal-string value. Values are never JSON numbers, so amounts survive any JSON parser without rounding.
         * @example {
         *       "currency": "USD",
         *       "value": "50000.00"
         *     }
         */
        Money: {
            currency: components["schemas"]["CurrencyCode"];
            value: components["schemas"]["DecimalString"];
        };
        /**
         * @description Stable, machine-readable error category. Branch on this value, never on `detail`. `validation_error` (400): the body broke the contract, see `validationErrors`. `invalid_request` (400): the request is malformed or a required header such as `Idempotency-Key` is missing. `invalid_token` (401): the bearer token or assertion is missing, malformed, expired or for another environment. `forbidden` (403): the partner application is not provisioned for this resource. `not_found` (404): the resource does not exist or is not yours. `conflict` (409): an `Idempotency-Key` was reused with a different body, the resource is in a terminal state, or uploads arrived out of order. `payload_too_large` (413): the file exceeds 10,485,760 bytes. `unsupported_media_type` (415): the file is not PDF, JPEG, PNG or WEBP. `internal_error` (500): Zest-side failure, retry with backoff. `service_unavailable` (503): a dependency is temporarily down, retry with backoff.
         * @enum {string}
         */
        PartnerErrorCode: "validation_error" | "invalid_request" | "invalid_token" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "unsupported_media_type" | "internal_error" | "service_unavailable";
        /** @description The error envelope of the Partner API, sent as `application/json` with every 4xx and 5xx status (framework-level 422 responses excepted). Quote `errorId` when contacting Zest support. */
        PartnerErrorResponse: {
            code: components["schemas"]["PartnerErrorCode"];
            /** @description Human-readable explanation for operators and logs. Do not parse it; sanitise it before showing it to end users. */
            detail?: string;
            /**
             * Format: uuid
             * @description Unique identifier of this error occurrence.
             */
            errorId?: string;
            /** @description One item per problem; present only when `code` is `validation_error`. */
            validationErrors?: components["schemas"]["PartnerValidationError"][];
        };
        /** @description One reason a request failed validation. The location of the problem is named by `attribute` or by `field` (either may be present); read whichever is set. */
        PartnerValidationError: {
            code: components["schemas"]["ValidationErrorCode"];
            /** @description Human-readable explanation, suitable for operators. */
            message: string;
            /** @description Path of the offending attribute, for example `shareClasses[0].carryPercent`. */
            attribute?: string;
            /** @description Path of the offending field from the request root, for example `attributes.shareClasses[0].carryPercent`. */
            field?: string;
            /** @description The rejected value, echoed when it is safe to do so. Any JSON type. */
            value?: unknown;
        };
        /** @description Fee and carry terms of one share class of the SPV. */
        ShareClassFeesAndCarry: {
            /**
             * @description Display name of the share class.
             * @example Class A
             */
            name: string;
            /**
             * @description Share class identifier; pass it as `shareClassSlug` when creating subscriptions.
             * @example sc_classA
             */
            slug: string;
            /**
             * @description Annual management fee in percent, as a decimal string (for example `2.0`).
             * @example 2.0
             */
            managementFeePercent?: string;
            /**
             * @description Carried interest in percent, as a decimal string (for example `20.0`).
             * @example 20.0
             */
            carryPercent?: string;
            /** @description One-off setup fee, usually shaped like a money object (`currency`, `value`). */
            setupFee?: {
                [key: string]: unknown;
            };
        };
        /** @description A signed subscription form that Zest stored. */
        SignedSubscriptionFormUploadedData: {
            /**
             * @description The subscription the event is about.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /**
             * @description Your identifier of the investor, present when the subscription can be linked to one.
             * @example acme-inv-7341
             */
            partnerInvestorId?: string;
            /** @description A signed, time-limited URL to download the form; fetch it promptly if you need a copy. */
            subscriptionFormUrl: string;
            /**
             * Format: date-time
             * @description When the form was stored (UTC).
             */
            uploadedAt: string;
        };
        /** @description Envelope of the `signed_subscription_form.uploaded` event: a signed subscription form was stored. */
        SignedSubscriptionFormUploadedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `signed_subscription_form.uploaded` for this event.
             * @constant
             */
            eventType: "signed_subscription_form.uploaded";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SignedSubscriptionFormUploadedData"];
        };
        /** @description The SPV request that the partner withdrew. */
        SpvRequestCancelledData: {
            /**
             * @description The SPV request the event is about.
             * @example svr_a1b2c3
             */
            spvRequestSlug: string;
            /**
             * @description The contract template of the request.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The template version of the request.
             * @example 1.0.0
             */
            templateVersion: string;
            /**
             * @description Your partner tenant.
             * @example acme
             */
            tenantSlug: string;
            /** @description The validated attribute map, as submitted. */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * @description Always `cancelled`.
             * @constant
             */
            status: "cancelled";
            /**
             * Format: date-time
             * @description When the request was cancelled (UTC).
             */
            cancelledAt: string;
        };
        /** @description Envelope of the `spv_request.cancelled` event: the partner cancelled an SPV request. */
        SpvRequestCancelledEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `spv_request.cancelled` for this event.
             * @constant
             */
            eventType: "spv_request.cancelled";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SpvRequestCancelledData"];
        };
        /** @description The approved SPV request and the records Zest created for it. Use `materialisedRefs.vehicleSlug` as `spvSlug` for subscriptions. */
        SpvRequestCompletedData: {
            /**
             * @description The SPV request the event is about.
             * @example svr_a1b2c3
             */
            spvRequestSlug: string;
            /**
             * @description The contract template of the request.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The template version of the request.
             * @example 1.0.0
             */
            templateVersion: string;
            /**
             * @description Your partner tenant.
             * @example acme
             */
            tenantSlug: string;
            /** @description The validated attribute map, as submitted. */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * @description Always `approved`.
             * @constant
             */
            status: "approved";
            materialisedRefs: components["schemas"]["MaterialisedRefsResponse"];
            /**
             * Format: date-time
             * @description When the request was approved (UTC).
             */
            approvedAt: string;
        };
        /** @description Envelope of the `spv_request.completed` event: an SPV request was approved and its SPV now exists. */
        SpvRequestCompletedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `spv_request.completed` for this event.
             * @constant
             */
            eventType: "spv_request.completed";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SpvRequestCompletedData"];
        };
        /** @description A request to set up a new SPV from a contract template and the attributes it needs. */
        SpvRequestCreate: {
            /**
             * @description The contract template to validate `attributes` against, as assigned to you at onboarding (for example `syndicate_secondary`). List the templates of a registry version with `GET /v1/contracts/templates/{version}`.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The registry version of the template, for example `1.0.0`.
             * @example 1.0.0
             */
            templateVersion: string;
            /** @description The deal's attributes as a map of name to value. Which keys are allowed or required, and their formats, is defined by the template, not by this API; a mismatch is reported as `400 validation_error` with one `validationErrors` item per problem. */
            attributes: {
                [key: string]: unknown;
            };
        };
        /** @description The SPV request as it was accepted. Its `status` is always `pending-review`. */
        SpvRequestCreatedData: {
            /**
             * @description The SPV request the event is about.
             * @example svr_a1b2c3
             */
            spvRequestSlug: string;
            /**
             * @description The contract template of the request.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The template version of the request.
             * @example 1.0.0
             */
            templateVersion: string;
            /**
             * @description Your partner tenant.
             * @example acme
             */
            tenantSlug: string;
            /** @description The validated attribute map, as submitted. */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * @description Always `pending-review`.
             * @constant
             */
            status: "pending-review";
        };
        /** @description Envelope of the `spv_request.created` event: an SPV request was accepted and is waiting for review. */
        SpvRequestCreatedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `spv_request.created` for this event.
             * @constant
             */
            eventType: "spv_request.created";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SpvRequestCreatedData"];
        };
        /** @description The rejected SPV request and the reviewer's reason. Rejection is final; submit a new request with corrected attributes. */
        SpvRequestRejectedData: {
            /**
             * @description The SPV request the event is about.
             * @example svr_a1b2c3
             */
            spvRequestSlug: string;
            /**
             * @description The contract template of the request.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The template version of the request.
             * @example 1.0.0
             */
            templateVersion: string;
            /**
             * @description Your partner tenant.
             * @example acme
             */
            tenantSlug: string;
            /** @description The validated attribute map, as submitted. */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * @description Always `rejected`.
             * @constant
             */
            status: "rejected";
            /** @description The reviewer's explanation, written for your operators. */
            rejectionReason: string;
            /**
             * Format: date-time
             * @description When the request was rejected (UTC).
             */
            rejectedAt: string;
        };
        /** @description Envelope of the `spv_request.rejected` event: a reviewer rejected an SPV request. */
        SpvRequestRejectedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `spv_request.rejected` for this event.
             * @constant
             */
            eventType: "spv_request.rejected";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SpvRequestRejectedData"];
        };
        /** @description An SPV request as Zest holds it. Fields that only make sense in a later state (`approvedAt`, `materialisedRefs`, `rejectionReason`, `cancelledAt`) appear once the request reaches that state. */
        SpvRequestResponse: {
            /**
             * @description Zest's identifier of the request; use it in `/v1/spv-requests/{slug}`.
             * @example svr_a1b2c3
             */
            spvRequestSlug: string;
            status: components["schemas"]["SpvRequestStatus"];
            /**
             * @description The contract template the attributes were validated against.
             * @example syndicate_secondary
             */
            templateId: string;
            /**
             * @description The registry version of that template.
             * @example 1.0.0
             */
            templateVersion: string;
            /**
             * @description The Zest tenant the request belongs to (your partner tenant).
             * @example acme
             */
            tenantSlug: string;
            /**
             * @description The partner `client_id` that created the request.
             * @example client_xyz
             */
            clientId: string;
            /** @description The validated attribute map, as submitted. */
            attributes: {
                [key: string]: unknown;
            };
            /** @description Why the reviewer rejected the request; present once `status` is `rejected`. Written for operators. */
            rejectionReason?: string;
            /**
             * Format: date-time
             * @description When the request was cancelled (UTC); present once `status` is `cancelled`.
             */
            cancelledAt?: string;
            /**
             * Format: date-time
             * @description When the request was approved (UTC); present once `status` is `approved`.
             */
            approvedAt?: string;
            materialisedRefs?: components["schemas"]["MaterialisedRefsResponse"];
            feesAndCarry?: components["schemas"]["FeesAndCarryResponse"];
            /**
             * Format: date-time
             * @description When the request was created (UTC).
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the request last changed (UTC).
             */
            updatedAt: string;
        };
        /**
         * @description Where an SPV request is in its review lifecycle. Every request starts as `pending-review`; a Zest reviewer moves it to `approved` (the SPV is materialised) or `rejected`, or the partner withdraws it (`cancelled`). `approved`, `rejected` and `cancelled` are terminal.
         * @enum {string}
         */
        SpvRequestStatus: "pending-review" | "approved" | "rejected" | "cancelled";
        /** @description The subscriptions to open for one SPV. The batch is all-or-nothing. */
        SubscriptionBulkCreate: {
            /** @description One row per investor commitment. */
            subscriptions: components["schemas"]["SubscriptionCreateRow"][];
        };
        /** @description The subscriptions that were created, one per request row. Correlate them by `partnerSubscriptionId` or `personId`. */
        SubscriptionBulkResponse: {
            /** @description One entry per created subscription. */
            results: components["schemas"]["SubscriptionResult"][];
        };
        /** @description A subscription whose funds Zest has reconciled; its `status` is always `completed`. */
        SubscriptionCompletedData: {
            /**
             * @description The subscription the event is about.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /**
             * @description Your identifier of the investor, present when the subscription can be linked to one.
             * @example acme-inv-7341
             */
            partnerInvestorId?: string;
            /**
             * @description Your identifier of the subscription, present when you supplied one at creation.
             * @example acme-sub-9921
             */
            partnerSubscriptionId?: string;
            /**
             * Format: date-time
             * @description When the subscription was completed (UTC).
             */
            completedAt: string;
            /**
             * @description Always `completed`.
             * @constant
             */
            status: "completed";
        };
        /** @description Envelope of the `subscription.completed` event: Zest reconciled the funds and completed a subscription. */
        SubscriptionCompletedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `subscription.completed` for this event.
             * @constant
             */
            eventType: "subscription.completed";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SubscriptionCompletedData"];
        };
        /** @description One investor's commitment to the SPV. */
        SubscriptionCreateRow: {
            /**
             * @description Your own identifier for the subscription; echoed on the result and on later webhooks.
             * @example acme-sub-9921
             */
            partnerSubscriptionId?: string;
            /**
             * @description The investor, as returned by `POST /v1/investors`.
             * @example psn_abc123
             */
            zestPersonId: string;
            lumpSum: components["schemas"]["Money"];
            /**
             * @description The share class subscribed to (see `feesAndCarry.shareClasses[].slug` on the SPV request).
             * @example sc_classA
             */
            shareClassSlug: string;
        };
        /** @description A newly opened subscription; its `status` is always `pending`. */
        SubscriptionCreatedData: {
            /**
             * @description The subscription the event is about.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV of the subscription.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor.
             * @example psn_abc123
             */
            personId: string;
            /**
             * @description Your identifier of the subscription, present when you supplied one at creation.
             * @example acme-sub-9921
             */
            partnerSubscriptionId?: string;
            lumpSum: components["schemas"]["Money"];
            /**
             * @description The share class subscribed to.
             * @example sc_classA
             */
            shareClassSlug: string;
            /**
             * @description Always `pending`.
             * @constant
             */
            status: "pending";
        };
        /** @description Envelope of the `subscription.created` event: a subscription was opened on an SPV. */
        SubscriptionCreatedEvent: {
            eventId: components["schemas"]["WebhookEventId"];
            /**
             * @description Always `subscription.created` for this event.
             * @constant
             */
            eventType: "subscription.created";
            occurredAt: components["schemas"]["WebhookOccurredAt"];
            data: components["schemas"]["SubscriptionCreatedData"];
        };
        /** @description Multipart body of a signed subscription form upload. */
        SubscriptionFormUpload: {
            /**
             * Format: binary
             * @description The signed form: a PDF, JPEG, PNG or WEBP file of at most 10,485,760 bytes (10 MiB). Send the part with its real `Content-Type`.
             */
            file: string;
        };
        /** @description A subscription that was created. */
        SubscriptionResult: {
            /**
             * @description Echo of the `partnerSubscriptionId` you sent, when you sent one.
             * @example acme-sub-9921
             */
            partnerSubscriptionId?: string;
            /**
             * @description Zest's identifier of the subscription; stable for its whole lifecycle.
             * @example sub_p9q8r7
             */
            subscriptionSlug: string;
            /**
             * @description The SPV the subscription belongs to.
             * @example veh_klm456
             */
            spvSlug: string;
            /**
             * @description The subscribing investor (the `zestPersonId` you sent); used in upload paths.
             * @example psn_abc123
             */
            personId: string;
            /**
             * @description Lifecycle status of the subscription. New subscriptions are `pending`; `completed` once Zest has reconciled the funds.
             * @example pending
             */
            status: string;
            lumpSum: components["schemas"]["Money"];
            /**
             * @description The share class subscribed to.
             * @example sc_classA
             */
            shareClassSlug: string;
        };
        /** @description Form fields of the token exchange (`application/x-www-form-urlencoded`). These are the only snake_case names in the API because they come from the OAuth 2.0 JWT-bearer grant (RFC 7523). */
        TokenRequest: {
            /**
             * @description The OAuth grant being used: always `urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523); any other value is refused.
             * @example urn:ietf:params:oauth:grant-type:jwt-bearer
             * @constant
             */
            grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer";
            /** @description A compact JWS signed with your registered Ed25519 key (`alg: EdDSA`) carrying the `iss`, `sub`, `aud`, `client_id`, `iat` and `exp` claims described under the `bearerAuth` security scheme. */
            assertion: string;
        };
        /** @description A freshly issued access token. Only `accessToken` is guaranteed; the other fields may be absent. When `expiresIn` is missing assume 3600 seconds. */
        TokenResponse: {
            /** @description Bearer token to send as `Authorization: Bearer <accessToken>` on `/v1` calls. It has the bearer token syntax of RFC 6750 (`b64token`: letters, digits, `-._~+/`, then `=` padding), so it goes into that header as it is. */
            accessToken: string;
            /**
             * @description Token type; `Bearer` when present.
             * @example Bearer
             */
            tokenType?: string;
            /**
             * @description Seconds until the access token expires. Defaults to 3600 (one hour) when absent.
             * @example 3600
             */
            expiresIn?: number;
            /** @description Opaque refresh token some deployments return. It is not part of this contract: renew access by signing a fresh assertion instead. */
            refreshToken?: string;
            /**
             * @description Seconds until `refreshToken` expires, when one is returned.
             * @example 2592000
             */
            refreshExpiresIn?: number;
        };
        /** @description One request-validation problem reported by the service framework. */
        ValidationError: {
            /** @description Location of the problem, for example `["query", "perPage"]` or `["body", "investors", 0, "email"]`. */
            loc: (string | number)[];
            /** @description Human-readable explanation. */
            msg: string;
            /** @description Machine-readable problem type, for example `missing` or `less_than_equal`. */
            type: string;
        };
        /**
         * @description Why one attribute failed contract validation. `required`: missing. `unknown_attribute`: not defined by the template. `type`: wrong JSON type. `enum`: not one of the allowed values. `pattern`: does not match the expected pattern. `max_length`: string too long. `min_value` / `max_value`: number out of range. `format`: wrong format (for example an ISO date or currency code). `currency_mismatch`: currencies within one object disagree. `server_supplied`: the field is set by Zest and must not be sent. `institutional_not_supported`: the template does not accept institutional investors.
         * @enum {string}
         */
        ValidationErrorCode: "required" | "unknown_attribute" | "type" | "enum" | "pattern" | "max_length" | "min_value" | "max_value" | "format" | "currency_mismatch" | "server_supplied" | "institutional_not_supported";
        /**
         * @description Unique identifier of the event. Every redelivery of the same event carries the same value, so it is the key to deduplicate on (keep seen ids for at least 24 hours).
         * @example wde_2c5d6b3e9f1a4d7c
         */
        WebhookEventId: string;
        /**
         * Format: date-time
         * @description When the event happened on Zest's side (UTC, millisecond precision). Deliveries are not ordered; use this value, not arrival order, to sequence events.
         * @example 2026-05-07T12:00:00.123Z
         */
        WebhookOccurredAt: string;
    };
    responses: {
        /** @description The request is malformed (for example a missing multipart part or an unreadable body); `code` is `invalid_request`. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The bearer token (or, on the token endpoint, the assertion) is missing, malformed, expired or issued for another environment; `code` is `invalid_token`. Obtain a new token and retry once. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The token is valid but the partner application is not provisioned for this resource; `code` is `forbidden`. Retrying does not help; contact Zest. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description No such SPV request is visible to your `client_id`; `code` is `not_found`. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The registry has no such version, or no entry with this name in that version; `code` is `not_found`. List the versions (`GET /v1/contracts`) or the entries of a version to see what exists. */
        ContractNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The `Idempotency-Key` was already used within the last 24 hours with a different body; `code` is `conflict`. Resend the original body or use a new key. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The file is larger than 10,485,760 bytes; `code` is `payload_too_large`. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The file is not a PDF, JPEG, PNG or WEBP; `code` is `unsupported_media_type`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The service framework rejected the request before it reached the partner API logic (for example a query parameter out of range). This is the framework's `HTTPValidationError` shape, not the partner envelope; handle it like `400 invalid_request`. */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description A Zest-side failure (`internal_error`, usually 500) or a temporary outage (`service_unavailable`, usually 503). Retry with exponential backoff, reusing the same `Idempotency-Key`; quote `errorId` if it persists. */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
        /** @description The request body is larger than 5,242,880 bytes (5 MiB), the limit of every JSON and form-encoded body; `code` is `payload_too_large`. Nothing of it was processed. */
        BodyTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PartnerErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The name of the catalog, as listed for the version.
         * @example deal_attributes
         */
        CatalogName: string;
        /**
         * @description A contract registry version, as listed by `GET /v1/contracts`.
         * @example 1.0.0
         */
        ContractVersion: string;
        /**
         * @description Optional key that makes retries of this batch safe at the response level. Generate it once per logical request (a v4 UUID is a good choice) and reuse it on every retry. Within 24 hours, the same key with the same body replays the original response and status without side effects; the same key with a different body is refused with `409 conflict`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
         * @example 9b2e61d4-0f3a-4c8e-a7d5-1e4b8c6f2a10
         */
        IdempotencyKeyOptional: string;
        /**
         * @description A unique key you generate once per logical request (a v4 UUID is a good choice) and send unchanged on every retry of it. Within 24 hours, a retry with the same key and the same body returns the original response without creating anything new; the same key with a different body is refused with `409 conflict`. Leaving the header out is refused with `400 invalid_request`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
         * @example 5f0c7d2e-8a41-4a57-9d0b-3c1e6f2a9b84
         */
        IdempotencyKeyRequired: string;
        /**
         * @description Optional key that makes retries of this subscription batch safe. Generate it once per logical request (a v4 UUID is a good choice) and reuse it on every retry. Within 24 hours, the same key with the same body replays the original `201` answer without creating anything; the same key with a different body is refused with `409 conflict`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
         * @example 3d7a95c1-6b2e-4f08-8c4d-a1f0e2b7c936
         */
        IdempotencyKeySubscriptions: string;
        /**
         * @description The 1-based page number to return.
         * @example 1
         */
        Page: number;
        /**
         * @description How many SPV requests to return per page, from 1 to 100.
         * @example 10
         */
        PerPage: number;
        /**
         * @description The investor's `zestPersonId` (the subscription's `personId`).
         * @example psn_abc123
         */
        PersonId: string;
        /**
         * @description The name of the primitive, as listed for the version.
         * @example money
         */
        PrimitiveName: string;
        /**
         * @description The name of the sample, as listed for the version.
         * @example syndicate_secondary_minimal
         */
        SampleName: string;
        /**
         * @description The SPV request's `spvRequestSlug`.
         * @example svr_a1b2c3
         */
        SpvRequestSlug: string;
        /**
         * @description Only return SPV requests in this status.
         * @example pending-review
         */
        SpvRequestStatusFilter: components["schemas"]["SpvRequestStatus"];
        /**
         * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
         * @example veh_klm456
         */
        SpvSlug: string;
        /**
         * @description The name of the template, as listed for the version.
         * @example syndicate_secondary
         */
        TemplateName: string;
        /**
         * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
         * @example wde_2c5d6b3e9f1a4d7c
         */
        ZestEventId: string;
        /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
        ZestEventType: string;
        /**
         * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
         * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
         */
        ZestSignature: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type AggregationResponse = components['schemas']['AggregationResponse'];
export type ContractCatalog = components['schemas']['ContractCatalog'];
export type ContractCatalogList = components['schemas']['ContractCatalogList'];
export type ContractPrimitive = components['schemas']['ContractPrimitive'];
export type ContractPrimitiveList = components['schemas']['ContractPrimitiveList'];
export type ContractSample = components['schemas']['ContractSample'];
export type ContractSampleList = components['schemas']['ContractSampleList'];
export type ContractTemplate = components['schemas']['ContractTemplate'];
export type ContractTemplateList = components['schemas']['ContractTemplateList'];
export type ContractVersionList = components['schemas']['ContractVersionList'];
export type CountryCode = components['schemas']['CountryCode'];
export type CurrencyCode = components['schemas']['CurrencyCode'];
export type DecimalString = components['schemas']['DecimalString'];
export type FeesAndCarryResponse = components['schemas']['FeesAndCarryResponse'];
export type FormUploadResponse = components['schemas']['FormUploadResponse'];
export type FundingReceiptUpload = components['schemas']['FundingReceiptUpload'];
export type FundingReceiptUploadedData = components['schemas']['FundingReceiptUploadedData'];
export type FundingReceiptUploadedEvent = components['schemas']['FundingReceiptUploadedEvent'];
export type FundingUploadResponse = components['schemas']['FundingUploadResponse'];
export type HTTPValidationError = components['schemas']['HTTPValidationError'];
export type HealthResponse = components['schemas']['HealthResponse'];
export type InfoResponse = components['schemas']['InfoResponse'];
export type InvestorBulkCreate = components['schemas']['InvestorBulkCreate'];
export type InvestorBulkResponse = components['schemas']['InvestorBulkResponse'];
export type InvestorCreateRow = components['schemas']['InvestorCreateRow'];
export type InvestorCreatedData = components['schemas']['InvestorCreatedData'];
export type InvestorCreatedEvent = components['schemas']['InvestorCreatedEvent'];
export type InvestorRowError = components['schemas']['InvestorRowError'];
export type InvestorRowResult = components['schemas']['InvestorRowResult'];
export type InvestorRowStatus = components['schemas']['InvestorRowStatus'];
export type MaterialisedRefsResponse = components['schemas']['MaterialisedRefsResponse'];
export type Money = components['schemas']['Money'];
export type PartnerErrorCode = components['schemas']['PartnerErrorCode'];
export type PartnerErrorResponse = components['schemas']['PartnerErrorResponse'];
export type PartnerValidationError = components['schemas']['PartnerValidationError'];
export type ShareClassFeesAndCarry = components['schemas']['ShareClassFeesAndCarry'];
export type SignedSubscriptionFormUploadedData = components['schemas']['SignedSubscriptionFormUploadedData'];
export type SignedSubscriptionFormUploadedEvent = components['schemas']['SignedSubscriptionFormUploadedEvent'];
export type SpvRequestCancelledData = components['schemas']['SpvRequestCancelledData'];
export type SpvRequestCancelledEvent = components['schemas']['SpvRequestCancelledEvent'];
export type SpvRequestCompletedData = components['schemas']['SpvRequestCompletedData'];
export type SpvRequestCompletedEvent = components['schemas']['SpvRequestCompletedEvent'];
export type SpvRequestCreate = components['schemas']['SpvRequestCreate'];
export type SpvRequestCreatedData = components['schemas']['SpvRequestCreatedData'];
export type SpvRequestCreatedEvent = components['schemas']['SpvRequestCreatedEvent'];
export type SpvRequestRejectedData = components['schemas']['SpvRequestRejectedData'];
export type SpvRequestRejectedEvent = components['schemas']['SpvRequestRejectedEvent'];
export type SpvRequestResponse = components['schemas']['SpvRequestResponse'];
export type SpvRequestStatus = components['schemas']['SpvRequestStatus'];
export type SubscriptionBulkCreate = components['schemas']['SubscriptionBulkCreate'];
export type SubscriptionBulkResponse = components['schemas']['SubscriptionBulkResponse'];
export type SubscriptionCompletedData = components['schemas']['SubscriptionCompletedData'];
export type SubscriptionCompletedEvent = components['schemas']['SubscriptionCompletedEvent'];
export type SubscriptionCreateRow = components['schemas']['SubscriptionCreateRow'];
export type SubscriptionCreatedData = components['schemas']['SubscriptionCreatedData'];
export type SubscriptionCreatedEvent = components['schemas']['SubscriptionCreatedEvent'];
export type SubscriptionFormUpload = components['schemas']['SubscriptionFormUpload'];
export type SubscriptionResult = components['schemas']['SubscriptionResult'];
export type TokenRequest = components['schemas']['TokenRequest'];
export type TokenResponse = components['schemas']['TokenResponse'];
export type ValidationError = components['schemas']['ValidationError'];
export type ValidationErrorCode = components['schemas']['ValidationErrorCode'];
export type WebhookEventId = components['schemas']['WebhookEventId'];
export type WebhookOccurredAt = components['schemas']['WebhookOccurredAt'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponseContractNotFound = components['responses']['ContractNotFound'];
export type ResponseConflict = components['responses']['Conflict'];
export type ResponsePayloadTooLarge = components['responses']['PayloadTooLarge'];
export type ResponseUnsupportedMediaType = components['responses']['UnsupportedMediaType'];
export type ResponseUnprocessableEntity = components['responses']['UnprocessableEntity'];
export type ResponseServerError = components['responses']['ServerError'];
export type ResponseBodyTooLarge = components['responses']['BodyTooLarge'];
export type ParameterCatalogName = components['parameters']['CatalogName'];
export type ParameterContractVersion = components['parameters']['ContractVersion'];
export type ParameterIdempotencyKeyOptional = components['parameters']['IdempotencyKeyOptional'];
export type ParameterIdempotencyKeyRequired = components['parameters']['IdempotencyKeyRequired'];
export type ParameterIdempotencyKeySubscriptions = components['parameters']['IdempotencyKeySubscriptions'];
export type ParameterPage = components['parameters']['Page'];
export type ParameterPerPage = components['parameters']['PerPage'];
export type ParameterPersonId = components['parameters']['PersonId'];
export type ParameterPrimitiveName = components['parameters']['PrimitiveName'];
export type ParameterSampleName = components['parameters']['SampleName'];
export type ParameterSpvRequestSlug = components['parameters']['SpvRequestSlug'];
export type ParameterSpvRequestStatusFilter = components['parameters']['SpvRequestStatusFilter'];
export type ParameterSpvSlug = components['parameters']['SpvSlug'];
export type ParameterTemplateName = components['parameters']['TemplateName'];
export type ParameterZestEventId = components['parameters']['ZestEventId'];
export type ParameterZestEventType = components['parameters']['ZestEventType'];
export type ParameterZestSignature = components['parameters']['ZestSignature'];
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            "5XX": components["responses"]["ServerError"];
        };
    };
    exchangeJwtAssertion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Form-encoded, at most 5 MiB (5,242,880 bytes); a larger body is refused with `413 payload_too_large`. */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description Access token issued. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description The assertion was refused (bad signature or algorithm, expired, clock skew, wrong `aud`, or `sub` not equal to `client_id`); `code` is `invalid_token`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            413: components["responses"]["BodyTooLarge"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getOauth2Info: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token is valid; here is who it belongs to. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfoResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listContractVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The available registry versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractVersionList"];
                };
            };
            "5XX": components["responses"]["ServerError"];
        };
    };
    listContractTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The templates of the version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractTemplateList"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getContractTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
                /**
                 * @description The name of the template, as listed for the version.
                 * @example syndicate_secondary
                 */
                templateName: components["parameters"]["TemplateName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractTemplate"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listContractCatalogs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogs of the version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractCatalogList"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getContractCatalog: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
                /**
                 * @description The name of the catalog, as listed for the version.
                 * @example deal_attributes
                 */
                catalogName: components["parameters"]["CatalogName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalog. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractCatalog"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listContractPrimitives: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The primitives of the version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractPrimitiveList"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getContractPrimitive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
                /**
                 * @description The name of the primitive, as listed for the version.
                 * @example money
                 */
                primitiveName: components["parameters"]["PrimitiveName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The primitive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractPrimitive"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listContractSamples: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The samples of the version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractSampleList"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getContractSample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A contract registry version, as listed by `GET /v1/contracts`.
                 * @example 1.0.0
                 */
                version: components["parameters"]["ContractVersion"];
                /**
                 * @description The name of the sample, as listed for the version.
                 * @example syndicate_secondary_minimal
                 */
                sampleName: components["parameters"]["SampleName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sample. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContractSample"];
                };
            };
            404: components["responses"]["ContractNotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    listSpvRequests: {
        parameters: {
            query?: {
                /**
                 * @description The 1-based page number to return.
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description How many SPV requests to return per page, from 1 to 100.
                 * @example 10
                 */
                perPage?: components["parameters"]["PerPage"];
                /**
                 * @description Only return SPV requests in this status.
                 * @example pending-review
                 */
                status?: components["parameters"]["SpvRequestStatusFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of SPV requests. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AggregationResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createSpvRequest: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description A unique key you generate once per logical request (a v4 UUID is a good choice) and send unchanged on every retry of it. Within 24 hours, a retry with the same key and the same body returns the original response without creating anything new; the same key with a different body is refused with `409 conflict`. Leaving the header out is refused with `400 invalid_request`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
                 * @example 5f0c7d2e-8a41-4a57-9d0b-3c1e6f2a9b84
                 */
                "Idempotency-Key": components["parameters"]["IdempotencyKeyRequired"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 32 levels of nesting, 10,000 items per array and 5 MiB (5,242,880 bytes); a deeper or longer body is refused with the `400 invalid_request`, a larger one with `413 payload_too_large`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpvRequestCreate"];
            };
        };
        responses: {
            /** @description The request was accepted and awaits review (`status` is `pending-review`). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpvRequestResponse"];
                };
            };
            /** @description The attributes broke the template (`validation_error`, with `validationErrors`), or the request itself is unusable, for example the `Idempotency-Key` header is missing or the JSON is malformed (`invalid_request`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No template with this `templateId` and `templateVersion` exists; `code` is `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getSpvRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV request's `spvRequestSlug`.
                 * @example svr_a1b2c3
                 */
                slug: components["parameters"]["SpvRequestSlug"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The SPV request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpvRequestResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    cancelSpvRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV request's `spvRequestSlug`.
                 * @example svr_a1b2c3
                 */
                slug: components["parameters"]["SpvRequestSlug"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request is now cancelled. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpvRequestResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            /** @description The request is already approved, rejected or cancelled; `code` is `conflict`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    bulkCreateInvestors: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional key that makes retries of this batch safe at the response level. Generate it once per logical request (a v4 UUID is a good choice) and reuse it on every retry. Within 24 hours, the same key with the same body replays the original response and status without side effects; the same key with a different body is refused with `409 conflict`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
                 * @example 9b2e61d4-0f3a-4c8e-a7d5-1e4b8c6f2a10
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKeyOptional"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 32 levels of nesting, 10,000 items per array and 5 MiB (5,242,880 bytes); a deeper or longer body is refused with the `422` validation answer, a larger one with `413 payload_too_large`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvestorBulkCreate"];
            };
        };
        responses: {
            /** @description The batch was processed; every row has its own outcome. A `200` does not mean every row was created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvestorBulkResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createSubscriptions: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional key that makes retries of this subscription batch safe. Generate it once per logical request (a v4 UUID is a good choice) and reuse it on every retry. Within 24 hours, the same key with the same body replays the original `201` answer without creating anything; the same key with a different body is refused with `409 conflict`. A key belongs to your client (`client_id`), not to one operation, and is compared with the request it was first used with: within 24 hours, sending it to another operation or with another body is refused with `409 conflict`. Use a new key for every logical request.
                 * @example 3d7a95c1-6b2e-4f08-8c4d-a1f0e2b7c936
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKeySubscriptions"];
            };
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
            };
            cookie?: never;
        };
        /** @description At most 32 levels of nesting, 10,000 items per array and 5 MiB (5,242,880 bytes); a deeper or longer body is refused with the `400 invalid_request`, a larger one with `413 payload_too_large`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionBulkCreate"];
            };
        };
        responses: {
            /** @description Every row was valid and one subscription per row was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionBulkResponse"];
                };
            };
            /** @description At least one row is invalid (`validation_error`, with `validationErrors`) or the body is unusable (`invalid_request`); nothing was created. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No SPV with this slug is visible to you, or a row's `zestPersonId` is not one of your investors (`detail` names the row); `code` is `not_found` and nothing was created. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    uploadSubscriptionForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
                /**
                 * @description The investor's `zestPersonId` (the subscription's `personId`).
                 * @example psn_abc123
                 */
                personId: components["parameters"]["PersonId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["SubscriptionFormUpload"];
            };
        };
        responses: {
            /** @description The form was stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FormUploadResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The SPV does not exist, or this person has no subscription on it; `code` is `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            /** @description The subscription is in a terminal status and accepts no more uploads; `code` is `conflict`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    uploadFundingReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The SPV (vehicle) slug, i.e. `materialisedRefs.vehicleSlug` of the approved SPV request.
                 * @example veh_klm456
                 */
                spvSlug: components["parameters"]["SpvSlug"];
                /**
                 * @description The investor's `zestPersonId` (the subscription's `personId`).
                 * @example psn_abc123
                 */
                personId: components["parameters"]["PersonId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["FundingReceiptUpload"];
            };
        };
        responses: {
            /** @description The receipt and funding details were stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FundingUploadResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description The SPV does not exist, or this person has no subscription on it; `code` is `not_found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            /** @description No signed subscription form is on record yet (upload it first), or the subscription is in a terminal status; `code` is `conflict`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerErrorResponse"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    onSpvRequestCreated: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpvRequestCreatedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSpvRequestCompleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpvRequestCompletedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSpvRequestRejected: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpvRequestRejectedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSpvRequestCancelled: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpvRequestCancelledEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onInvestorCreated: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvestorCreatedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSubscriptionCreated: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionCreatedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSignedSubscriptionFormUploaded: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignedSubscriptionFormUploadedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onFundingReceiptUploaded: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FundingReceiptUploadedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSubscriptionCompleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Signature of the delivery, `t=<unix seconds>,v1=<lowercase hex>`. `v1` is the HMAC-SHA256 of `<t>.<raw request body>` keyed with your whole `whsec_...` signing secret (UTF-8). Verify it against the raw bytes before parsing, compare in constant time, and reject timestamps more than 300 seconds from your clock. Ignore unknown `vN=` entries.
                 * @example t=1778155200,v1=0d9f2c4ab1e3f5a7c9b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6
                 */
                "Zest-Signature": components["parameters"]["ZestSignature"];
                /**
                 * @description Copy of the body's `eventId`, for routing and logging before the body is parsed. Informational; trust the signed body.
                 * @example wde_2c5d6b3e9f1a4d7c
                 */
                "Zest-Event-Id"?: components["parameters"]["ZestEventId"];
                /** @description Copy of the body's `eventType` (for example `investor.created`). Informational; trust the signed body. */
                "Zest-Event-Type"?: components["parameters"]["ZestEventType"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionCompletedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Any 2xx status counts; answer quickly, before processing. Any status of 300 or above, or no answer within 10 seconds, is a failed attempt and is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
