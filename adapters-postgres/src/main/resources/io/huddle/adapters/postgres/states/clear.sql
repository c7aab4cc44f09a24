-- Forgets a session's state (it ended); nothing for an unknown session.
DELETE FROM states st USING sessions s WHERE s.id = st.session_id AND s.code = :code
