package io.github.twofold.action.phone;

import io.github.twofold.action.TwofoldRequiredActionFactory;
import io.github.twofold.credential.SmsCredentialProvider;

public class SetUpPhoneActionFactory extends TwofoldRequiredActionFactory {

    public static final String PROVIDER_ID = SmsCredentialProvider.SET_UP_ACTION;

    public SetUpPhoneActionFactory() {
        super(new SetUpPhoneAction());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Twofold: set up phone for SMS codes";
    }
}
