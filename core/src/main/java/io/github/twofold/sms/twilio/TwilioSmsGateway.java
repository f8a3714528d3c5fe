package io.github.twofold.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsResult;
import java.net.URI;

/** Sends one message through Twilio's Messages API, or places a call through its Calls API. */
final class TwilioSmsGateway implements SmsGateway {

    private final TwilioRestClient client;
    private final String from;
    private final String messagingServiceSid;
    /** Where Twilio reports the message's delivery, or null. */
    private final String statusCallback;

    /** The number calls come from, or null. */
    private final String voiceFrom;

    TwilioSmsGateway(TwilioRestClient client, String from, String messagingServiceSid, String statusCallback, String voiceFrom) {
        this.voiceFrom = voiceFrom;
        this.client = client;
        this.from = from;
        this.messagingServiceSid = messagingServiceSid;
        this.statusCallback = statusCallback;
    }

    @Override
    public SmsResult send(String e164, String text) {
        if (client == null) {
            return SmsResult.retryable("not configured");
        }
        return answer(() -> {
            MessageCreator creator = messagingServiceSid != null
                    ? Message.creator(new PhoneNumber(e164), messagingServiceSid, text)
                    : Message.creator(new PhoneNumber(e164), new PhoneNumber(from), text);
            if (statusCallback == null) {
                creator.create(client);
                return SmsResult.delivered();
            }
            creator.setStatusCallback(URI.create(statusCallback));
            return SmsResult.delivered(creator.create(client).getSid());
        });
    }

    /** A call through Twilio's Calls API whose TwiML says the text in the language. */
    @Override
    public SmsResult call(String e164, String speech, String language) {
        if (client == null || voiceFrom == null) {
            return SmsResult.permanent("calls not configured");
        }
        String twiml = "<Response><Say language=\"" + xml(language) + "\">" + xml(speech) + "</Say></Response>";
        return answer(() -> SmsResult.delivered(Call.creator(new PhoneNumber(e164), new PhoneNumber(voiceFrom), new Twiml(twiml)).create(client).getSid()));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Twilio's answer as a result: its errors by class, never with the request's content. */
    private static SmsResult answer(java.util.function.Supplier<SmsResult> request) {
        try {
            return request.get();
        } catch (ApiConnectionException e) {
            // our transport's messages: "timeout after N ms" / "connection failed: X"
            return SmsResult.retryable(e.getMessage());
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            return status == null ? SmsResult.retryable("API error") : SmsResult.ofHttpStatus(status);
        } catch (RuntimeException e) {
            return SmsResult.retryable(e.getClass().getSimpleName());
        }
    }
}
