package io.github.twofold.sms.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.github.twofold.sms.SmsGateway;
import io.github.twofold.sms.SmsResult;

/** Sends one message through Twilio's Messages API. */
final class TwilioSmsGateway implements SmsGateway {

    private final TwilioRestClient client;
    private final String from;
    private final String messagingServiceSid;

    TwilioSmsGateway(TwilioRestClient client, String from, String messagingServiceSid) {
        this.client = client;
        this.from = from;
        this.messagingServiceSid = messagingServiceSid;
    }

    @Override
    public SmsResult send(String e164, String text) {
        if (client == null) {
            return SmsResult.retryable("not configured");
        }
        try {
            if (messagingServiceSid != null) {
                Message.creator(new PhoneNumber(e164), messagingServiceSid, text).create(client);
            } else {
                Message.creator(new PhoneNumber(e164), new PhoneNumber(from), text).create(client);
            }
            return SmsResult.delivered();
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
