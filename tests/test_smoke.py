def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_login_and_me(client, make_person):
    p = make_person("operator", username="op1")
    r = client.post("/api/auth/login", json={"username": "op1", "password": "correct-horse-battery"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["user"]["roles"] == ["operator"]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "op1"
    assert client.get("/api/auth/me", headers=p.headers).status_code == 200
