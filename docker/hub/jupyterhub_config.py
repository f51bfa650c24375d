"""A JupyterHub for a class on one server: each student's server is the
course image, run by podman (or docker) with the student's own folder
mounted at /home/jovyan, the way Zero to JupyterHub runs it on Kubernetes
(an empty per-user volume, uid 1000, gid 100, no privilege escalation,
`jupyterhub-singleuser` as the command, the image's entry point kept).

Used by docker/test.sh against Debian bookworm's `jupyterhub` (3.0) and
`configurable-http-proxy`; usable as is for a class on one machine (see
docker/README.md). KubeSpawner and DockerSpawner are not packaged in Debian,
so ContainerSpawner below is the smallest equivalent of DockerSpawner.

Settings come from the environment (defaults in brackets):
  COURSE_IMAGE     the course image [localhost/implicitbias-course:test]
  COURSE_ENGINE    podman or docker [podman]
  COURSE_HOMES     host folder holding one home folder per student [/srv/course-homes]
  COURSE_HUB_DIR   the hub's database, cookie secret and pid file [.]
  COURSE_HUB_PORT  public port of the proxy, on 127.0.0.1 [8000]
  COURSE_PROXY_API the proxy's API port, on 127.0.0.1 [COURSE_HUB_PORT + 1]
  COURSE_NAME_PREFIX  prefix of the containers' names [course-]
  COURSE_HUB_API   the hub's own port, bound on all interfaces so that the
                   containers reach it [8081]
  COURSE_HUB_HOST  the host's name or address as the containers see it
                   [host.containers.internal; docker: host.docker.internal]
  COURSE_PASSWORD  if set: DummyAuthenticator with this password (tests
                   only; a class uses a real authenticator)
  COURSE_USERS     comma-separated allowed users [none: anyone authenticated]
  COURSE_MEM_LIMIT, COURSE_CPU_LIMIT   per-student limits (e.g. 1G, 1.0)
"""
import asyncio
import os
import tempfile

from jupyterhub.spawner import Spawner
from traitlets import Integer, List, Unicode

c = get_config()  # noqa: F821 (provided by traitlets)


class ContainerSpawner(Spawner):
    """Runs each user's server as a container of `image` with podman or
    docker: the user's home folder (created empty, group 100 writable, as a
    Kubernetes volume with fsGroup 100) mounted at /home/jovyan; uid 1000,
    gid 100, all capabilities dropped, no new privileges; the server
    listening on 0.0.0.0:8888 inside, published on 127.0.0.1 only."""

    engine = Unicode("podman", config=True, help="podman or docker")
    image = Unicode(config=True, help="the course image")
    homes = Unicode(config=True, help="host folder with one home folder per user")
    uid = Integer(1000, config=True)
    gid = Integer(100, config=True)
    extra_run_args = List(Unicode(), config=True, help="more `run` options")
    container_port = Integer(8888, config=True)
    name_prefix = Unicode("course-", config=True, help="prefix of the containers' names")

    @property
    def container_name(self):
        suffix = f"-{self.name}" if self.name else ""
        return f"{self.name_prefix}{self.user.escaped_name}{suffix}"

    async def _engine(self, *args, check=True):
        proc = await asyncio.create_subprocess_exec(
            self.engine, *args,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        if check and proc.returncode != 0:
            raise RuntimeError(f"{self.engine} {args[0]} failed ({proc.returncode}): "
                               f"{err.decode(errors='replace').strip()}")
        return proc.returncode, out.decode().strip()

    def _home(self):
        home = os.path.join(self.homes, self.user.escaped_name)
        if not os.path.isdir(home):
            # What a fresh Kubernetes volume with fsGroup 100 looks like:
            # empty, owned by root, group 100 with write and setgid.
            os.makedirs(home, mode=0o2775)
            os.chown(home, 0, self.gid)
            os.chmod(home, 0o2775)
        return home

    async def start(self):
        # Inside the container, as KubeSpawner: JUPYTERHUB_SERVICE_URL binds
        # jupyterhub-singleuser to 0.0.0.0:8888.
        self.ip = "0.0.0.0"
        self.port = self.container_port
        name = self.container_name
        await self._engine("rm", "-f", name, check=False)
        env = self.get_env()
        # The API token goes through a private env file, not the command line.
        fd, envfile = tempfile.mkstemp(prefix="course-spawn-", suffix=".env")
        try:
            with os.fdopen(fd, "w") as f:
                for k, v in env.items():
                    if "\n" not in str(v):
                        f.write(f"{k}={v}\n")
            args = ["run", "-d", "--name", name,
                    "--user", f"{self.uid}:{self.gid}",
                    "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
                    "-p", f"127.0.0.1::{self.container_port}",
                    "-v", f"{self._home()}:/home/jovyan",
                    "--env-file", envfile,
                    "--label", f"course-hub-user={self.user.name}"]
            if self.engine == "podman":
                args.append("--no-healthcheck")
            if self.mem_limit:
                args += ["--memory", str(self.mem_limit)]
            if self.cpu_limit:
                args += ["--cpus", str(self.cpu_limit)]
            args += list(self.extra_run_args)
            args += [self.image] + list(self.cmd or ["jupyterhub-singleuser"]) + list(self.get_args())
            await self._engine(*args)
        finally:
            os.unlink(envfile)
        _, out = await self._engine("port", name, f"{self.container_port}/tcp")
        hostport = int(out.splitlines()[0].rsplit(":", 1)[1])
        self.log.info("course: %s runs in container %s on 127.0.0.1:%d", self.user.name, name, hostport)
        return ("127.0.0.1", hostport)

    async def poll(self):
        rc, out = await self._engine("inspect", "-f", "{{.State.Running}} {{.State.ExitCode}}",
                                     self.container_name, check=False)
        if rc != 0:
            return 0  # no such container: not running
        running, code = (out.split() + ["0", "0"])[:2]
        return None if running == "true" else int(code)

    async def stop(self, now=False):
        await self._engine("stop", "-t", "1" if now else "10", self.container_name, check=False)
        await self._engine("rm", "-f", self.container_name, check=False)


env = os.environ.get
hub_dir = env("COURSE_HUB_DIR", ".")
engine = env("COURSE_ENGINE", "podman")
hub_port = int(env("COURSE_HUB_API", "8081"))
hub_host = env("COURSE_HUB_HOST",
               "host.docker.internal" if engine == "docker" else "host.containers.internal")

# Debian's configurable-http-proxy finds its modules in /usr/share/nodejs
# through Debian's node; a node from elsewhere (e.g. NodeSource's package)
# needs to be told. The proxy inherits the hub's environment.
if os.path.isdir("/usr/share/nodejs/configurable-http-proxy"):
    os.environ.setdefault("NODE_PATH", "/usr/share/nodejs")

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(env("COURSE_HUB_PORT", "8000"))
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % int(env("COURSE_PROXY_API", c.JupyterHub.port + 1))
# The hub listens on all interfaces so that the containers reach it by the
# host's name inside them; the proxy still reaches it on 127.0.0.1.
c.JupyterHub.hub_bind_url = f"http://0.0.0.0:{hub_port}"
c.JupyterHub.hub_connect_url = f"http://127.0.0.1:{hub_port}"
c.Spawner.hub_connect_url = f"http://{hub_host}:{hub_port}"
c.JupyterHub.db_url = "sqlite:///" + os.path.join(hub_dir, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(hub_dir, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(hub_dir, "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = os.path.join(hub_dir, "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True

c.JupyterHub.spawner_class = ContainerSpawner
c.ContainerSpawner.engine = engine
c.ContainerSpawner.image = env("COURSE_IMAGE", "localhost/implicitbias-course:test")
c.ContainerSpawner.homes = env("COURSE_HOMES", "/srv/course-homes")
c.ContainerSpawner.name_prefix = env("COURSE_NAME_PREFIX", "course-")
if engine == "docker":
    c.ContainerSpawner.extra_run_args = ["--add-host", "host.docker.internal:host-gateway"]
# Zero to JupyterHub's default command; the image's entry point stays.
c.Spawner.cmd = ["jupyterhub-singleuser"]
c.Spawner.default_url = "/tree"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
if env("COURSE_MEM_LIMIT"):
    c.Spawner.mem_limit = env("COURSE_MEM_LIMIT")
if env("COURSE_CPU_LIMIT"):
    c.Spawner.cpu_limit = float(env("COURSE_CPU_LIMIT"))

if env("COURSE_PASSWORD"):
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = env("COURSE_PASSWORD")
if env("COURSE_USERS"):
    c.Authenticator.allowed_users = set(u.strip() for u in env("COURSE_USERS").split(",") if u.strip())
