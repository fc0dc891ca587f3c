package io.stategrid.session.impl;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.stategrid.internal.session.RefreshFamily;
import io.stategrid.internal.session.SessionIds;
import io.stategrid.internal.session.SessionRecord;
import io.stategrid.internal.session.SessionWire;

/**
 * The session domain's {@code DataSerializableFactory}: the stored records (declared in {@link
 * SessionWire}), the entry processors and their answers. Class ids are never reused.
 */
final class SessionSerializers implements DataSerializableFactory {
    static final int FACTORY_ID = SessionWire.FACTORY_ID;
    static final int CREATE = 4;
    static final int DESTROY = 5;
    static final int READ = 6;
    static final int UPDATE = 7;
    static final int UPDATE_OUTCOME = 8;
    static final int WRITE_BACKUP = 9;
    static final int INDEX_UPDATE = 10;
    static final int USE_REFRESH = 11;
    static final int REFRESH_RESULT = 12;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case SessionWire.RECORD -> new SessionRecord();
            case SessionWire.IDS -> new SessionIds();
            case SessionWire.FAMILY -> new RefreshFamily();
            case CREATE -> new CreateSession();
            case DESTROY -> new DestroySession();
            case READ -> new ReadSession();
            case UPDATE -> new UpdateSession();
            case UPDATE_OUTCOME -> new UpdateSession.Outcome();
            case WRITE_BACKUP -> new SessionProcessor.WriteBackup();
            case INDEX_UPDATE -> new IndexUpdate();
            case USE_REFRESH -> new UseRefreshToken();
            case REFRESH_RESULT -> new UseRefreshToken.Result();
            default -> null;
        };
    }
}
