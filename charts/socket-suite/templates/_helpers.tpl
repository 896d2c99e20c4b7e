{{/*
What each service is, fixed by its protocol: its raw port (name, number, protocol), health
port, extra ports, how long its connections may take to finish at shutdown, and whether it
keeps state (numbers, the chat room) that must be shared to scale out. The values choose how
each runs; these facts are the same in the kustomize base.
*/}}
{{- define "socket-suite.catalog" -}}
echo-tcp:
  component: echo
  listener: {name: echo, port: 8080, protocol: TCP}
  tls: 8443
  health: 8081
  terminationGracePeriodSeconds: 35
  shutdownGrace: 20s
  stateful: true
counter-udp:
  component: counter
  listener: {name: counter, port: 9090, protocol: UDP}
  health: 8082
  terminationGracePeriodSeconds: 20
  shutdownGrace: 5s
  stateful: true
unix-status:
  component: status
  socket: /run/unix-status/status.sock
  health: 8083
  terminationGracePeriodSeconds: 25
  shutdownGrace: 10s
  stateful: false
chat:
  component: chat
  listener: {name: chat, port: 65432, protocol: TCP}
  web: {name: web, port: 8088}
  tls: 6697
  health: 8084
  terminationGracePeriodSeconds: 25
  shutdownGrace: 10s
  stateful: true
http-info:
  component: http
  listener: {name: http, port: 8000, protocol: TCP}
  tls: 8444
  health: 8085
  terminationGracePeriodSeconds: 35
  shutdownGrace: 20s
  stateful: true
{{- end -}}

{{/* The selector labels of service NAME: the same as the kustomize base's. */}}
{{- define "socket-suite.selector" -}}
{{- $facts := index (include "socket-suite.catalog" . | fromYaml) . -}}
app.kubernetes.io/name: {{ . }}
app.kubernetes.io/component: {{ $facts.component }}
{{- end -}}

{{/* Labels on every object of service NAME (root context in .root). */}}
{{- define "socket-suite.labels" -}}
{{ include "socket-suite.selector" .name }}
app.kubernetes.io/part-of: socket-suite
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}

{{/* Every container's: the restricted Pod Security Standard, a read-only root (the JVM writes to /tmp only). */}}
{{- define "socket-suite.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The suite's one image, every service's (root context in .root); the container's argument picks the service. */}}
{{- define "socket-suite.image" -}}
{{- $image := .root.Values.image -}}
{{- if $image.registry }}{{ $image.registry }}/{{ end }}{{ $image.repository }}:{{ $image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* True (non-empty) when the services keep their state on Redis. */}}
{{- define "socket-suite.onRedis" -}}
{{- if eq .Values.state.backend "redis" }}true{{ end -}}
{{- end -}}

{{/* Whether the services find Redis through sentinels. */}}
{{- define "socket-suite.sentinels" -}}
{{- $redis := .Values.state.redis -}}
{{- if eq $redis.mode "ha" -}}
redis-ha-0.redis-ha:26379,redis-ha-1.redis-ha:26379,redis-ha-2.redis-ha:26379
{{- else if eq $redis.mode "external" -}}
{{ $redis.sentinels }}
{{- end -}}
{{- end -}}

{{/* The environment that puts a stateful service on Redis: from the state ConfigMap and the password Secret. */}}
{{- define "socket-suite.stateEnv" -}}
{{- $secret := .Values.state.redis.passwordSecret -}}
- name: STATE_BACKEND
  valueFrom:
    configMapKeyRef:
      name: state
      key: STATE_BACKEND
- name: STATE_REDIS_URL
  valueFrom:
    configMapKeyRef:
      name: state
      key: STATE_REDIS_URL
- name: STATE_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: password
{{- if include "socket-suite.sentinels" . }}
- name: STATE_REDIS_SENTINELS
  valueFrom:
    configMapKeyRef:
      name: state
      key: STATE_REDIS_SENTINELS
- name: STATE_REDIS_MASTER_NAME
  valueFrom:
    configMapKeyRef:
      name: state
      key: STATE_REDIS_MASTER_NAME
- name: STATE_REDIS_SENTINEL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: password
{{- end }}
{{- end -}}
