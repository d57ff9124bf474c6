package io.ioptexplorer.viewmodel.live;

import org.junit.jupiter.api.AfterEach;

/** A test that drives one {@link LiveSession}, closed after each test (its machine thread ends). */
abstract class SessionTest {
    protected LiveSession session;

    @AfterEach
    void closeSession() {
        if (session != null) {
            session.close();
        }
    }
}
