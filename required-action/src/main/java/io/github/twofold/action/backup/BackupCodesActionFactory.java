package io.github.twofold.action.backup;

import io.github.twofold.action.TwofoldRequiredActionFactory;
import io.github.twofold.credential.BackupCodesCredentialProvider;

public class BackupCodesActionFactory extends TwofoldRequiredActionFactory {

    public static final String PROVIDER_ID = BackupCodesCredentialProvider.GENERATE_ACTION;

    public BackupCodesActionFactory() {
        super(new BackupCodesAction());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "Twofold: create backup codes";
    }
}
