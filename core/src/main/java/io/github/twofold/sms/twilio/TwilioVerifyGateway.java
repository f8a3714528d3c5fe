package io.github.twofold.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import com.twilio.rest.verify.v2.service.VerificationCheckCreator;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsResult;
import java.util.Locale;
import java.util.Set;

/**
 * Twilio Verify: Twilio makes the code, sends it (text or call) and checks it. Twofold keeps the
 * step, the binding to the sign-in, attempts, the lock and every budget around it; a budget
 * refusal never reaches Twilio. Verify's own fraud refusals come back as {@link SmsResult.Outcome#REFUSED}.
 */
final class TwilioVerifyGateway implements SmsGateway {

    /** Verify's error codes for a number its own defences refuse; no other gateway is tried for them. */
    static final int MAX_SEND_ATTEMPTS = 60203;
    static final int FRAUD_GUARD = 60410;
    static final int GEO_PERMISSIONS = 60605;
    /** A check for which Verify has no pending verification any more (expired, approved, cancelled). */
    static final int NOT_FOUND = 20404;
    static final int MAX_CHECK_ATTEMPTS = 60202;

    /** The locales Verify's templates have that are more than a language. */
    private static final Set<String> REGIONAL = Set.of("en-GB", "pt-BR", "zh-CN", "zh-HK");

    private final TwilioRestClient client;
    private final String serviceSid;
    private final boolean calls;

    TwilioVerifyGateway(TwilioRestClient client, String serviceSid, boolean calls) {
        this.client = client;
        this.serviceSid = serviceSid;
        this.calls = calls;
    }

    @Override
    public SmsResult send(String e164, String text) {
        return SmsResult.permanent("twilio-verify sends only its own codes");
    }

    @Override
    public SmsResult sendOwnCode(String e164, boolean call, String language) {
        if (client == null) {
            return SmsResult.retryable("not configured");
        }
        if (call && !calls) {
            return SmsResult.permanent("calls not configured");
        }
        try {
            Verification verification = Verification.creator(serviceSid, e164, call ? "call" : "sms")
                    .setLocale(locale(language)).create(client);
            return SmsResult.delivered(verification.getSid());
        } catch (ApiConnectionException e) {
            return SmsResult.retryable(e.getMessage());
        } catch (ApiException e) {
            Integer code = e.getCode();
            if (code != null) {
                switch (code) {
                    case FRAUD_GUARD -> {
                        return SmsResult.refused("verify_fraud_guard");
                    }
                    case GEO_PERMISSIONS -> {
                        return SmsResult.refused("verify_geo_permissions");
                    }
                    case MAX_SEND_ATTEMPTS -> {
                        return SmsResult.refused("verify_max_send_attempts");
                    }
                    default -> {
                    }
                }
            }
            return withCode(statusResult(e), code);
        } catch (RuntimeException e) {
            return SmsResult.retryable(e.getClass().getSimpleName());
        }
    }

    @Override
    public OwnCodeCheck checkOwnCode(String e164, String code) {
        if (client == null) {
            return OwnCodeCheck.UNAVAILABLE;
        }
        try {
            VerificationCheck check = new VerificationCheckCreator(serviceSid)
                    .setTo(e164).setCode(code).create(client);
            return "approved".equals(check.getStatus()) ? OwnCodeCheck.RIGHT : OwnCodeCheck.WRONG;
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            if (e.getCode() != null && (e.getCode() == NOT_FOUND || e.getCode() == MAX_CHECK_ATTEMPTS)) {
                return OwnCodeCheck.EXPIRED;
            }
            return status != null && status == 404 ? OwnCodeCheck.EXPIRED : OwnCodeCheck.UNAVAILABLE;
        } catch (RuntimeException e) {
            return OwnCodeCheck.UNAVAILABLE;
        }
    }

    private static SmsResult statusResult(ApiException e) {
        Integer status = e.getStatusCode();
        return status == null ? SmsResult.retryable("API error") : SmsResult.ofHttpStatus(status);
    }

    /** The HTTP class with Verify's error code, which says more (never the request's content). */
    private static SmsResult withCode(SmsResult result, Integer code) {
        return code == null ? result : new SmsResult(result.outcome(), result.detail() + " (Verify " + code + ")");
    }

    /** Verify's locale for a BCP 47 tag: the language, or the language and region where Verify has that one. */
    static String locale(String language) {
        if (language == null || language.isBlank()) {
            return "en";
        }
        Locale locale = Locale.forLanguageTag(language);
        String regional = locale.getLanguage() + "-" + locale.getCountry();
        return REGIONAL.contains(regional) ? regional : locale.getLanguage();
    }
}
