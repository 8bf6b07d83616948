[
  {
    "name": "${name}",
    "image": "haproxy:2.9",
    "essential": true,
    "memory": 256,
    "portMappings": [
%{ for i, p in ports ~}
      { "containerPort": ${p}, "hostPort": ${p} }${i < length(ports) - 1 ? "," : ""}
%{ endfor ~}
    ]
  }
]
