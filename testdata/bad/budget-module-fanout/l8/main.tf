resource "aws_ecs_cluster" "leaf" {
  name = "leaf"
}
